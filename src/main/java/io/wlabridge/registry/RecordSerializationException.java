package io.wlabridge.registry;

/**
 * Record-level failure: the record does not fit its schema, or bytes are not Confluent wire format.
 * The record goes to the dead letter; the run goes on. Deliberately not a {@link RegistryException}.
 */
public class RecordSerializationException extends RuntimeException {

    public RecordSerializationException(String message) {
        super(message);
    }

    public RecordSerializationException(String message, Throwable cause) {
        super(message, cause);
    }
}
