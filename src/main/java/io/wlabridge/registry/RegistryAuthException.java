package io.wlabridge.registry;

/** The registry refused our credentials (HTTP 401) or their permissions (HTTP 403), or we had none to send. */
public class RegistryAuthException extends RegistryException {

    public RegistryAuthException(String message, int httpStatus, int errorCode, String subject) {
        super(message, httpStatus, errorCode, subject);
    }

    public RegistryAuthException(String message, int httpStatus, int errorCode, String subject, Throwable cause) {
        super(message, httpStatus, errorCode, subject, cause);
    }
}
