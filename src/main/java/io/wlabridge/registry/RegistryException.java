package io.wlabridge.registry;

/**
 * The Schema Registry refused or failed a request. Carries the HTTP status and Confluent {@code error_code}
 * (both 0 when the failure did not come from an HTTP error reply) and the subject involved, if any.
 */
public class RegistryException extends RuntimeException {

    private final int httpStatus;
    private final int errorCode;
    private final String subject;

    public RegistryException(String message, int httpStatus, int errorCode, String subject) {
        this(message, httpStatus, errorCode, subject, null);
    }

    public RegistryException(String message, int httpStatus, int errorCode, String subject, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
        this.subject = subject;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int errorCode() {
        return errorCode;
    }

    /** The subject the request was about, or null (e.g. lookups by id). */
    public String subject() {
        return subject;
    }
}
