package io.wlabridge.automic;

/**
 * Automic refused to start the execution (4xx other than 401/403/408/429: unknown object, invalid input). Retrying
 * the same request gets the same answer, so the event is dead-lettered with this message as the reason.
 */
public class AutomicRejectedException extends RuntimeException {

    private final int status;

    public AutomicRejectedException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status Automic answered with, or 0 when the answer was not understood. */
    public int status() {
        return status;
    }
}
