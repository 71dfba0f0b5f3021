package io.wlabridge.job;

/** A single record cannot be sent (it cannot be mapped or does not fit the schema). It goes to the dead-letter topic; the run goes on. */
public class RecordRejectedException extends RuntimeException {

    public RecordRejectedException(String message) {
        super(message, null, false, false);
    }
}
