package io.wlabridge.registry;

/** The registry could not be reached or kept failing (network error, 408/429/5xx) after all retries: the run failed. */
public class RegistryUnavailableException extends RegistryException {

    public RegistryUnavailableException(String message, int httpStatus, int errorCode, String subject, Throwable cause) {
        super(message, httpStatus, errorCode, subject, cause);
    }
}
