package io.wlabridge.demo;

/** An error reply of the registry stand-in: HTTP status plus Confluent {@code error_code} (docs/contracts/schema-registry.md §2). */
final class StandInError extends RuntimeException {

    private final int status;
    private final int errorCode;

    StandInError(int status, int errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    /** Errors raised by the web layer rather than the registry use the HTTP status as error_code. */
    static StandInError http(int status, String reason) {
        return new StandInError(status, status, "HTTP " + status + " " + reason);
    }

    static StandInError subjectNotFound(String subject) {
        return new StandInError(404, 40401, "Subject '" + subject + "' not found.");
    }

    static StandInError invalidSchema(String detail) {
        return new StandInError(422, 42201, "Invalid schema: " + detail);
    }

    int status() {
        return status;
    }

    int errorCode() {
        return errorCode;
    }
}
