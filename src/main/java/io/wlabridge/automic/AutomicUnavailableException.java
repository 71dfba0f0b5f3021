package io.wlabridge.automic;

/**
 * Automic could not take the request now: 5xx, 408, 429, 401/403 (credentials or rights, fixed by an administrator,
 * not by the event), a timeout or a network error. The request is retried; the event is not lost.
 */
public class AutomicUnavailableException extends RuntimeException {

    public AutomicUnavailableException(String message) {
        super(message);
    }

    public AutomicUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
