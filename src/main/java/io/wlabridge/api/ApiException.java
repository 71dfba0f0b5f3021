package io.wlabridge.api;

/**
 * A request the HTTP bridge refuses, with the HTTP status and the error body
 * {@code {"error_code": .., "message": ..}} both REST proxies use. The message goes to the caller: never a secret,
 * a stack trace or a record's content.
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final int errorCode;

    public ApiException(int status, String message) {
        this(status, status, message);
    }

    public ApiException(int status, int errorCode, String message) {
        super(message, null, false, false);
        this.status = status;
        this.errorCode = errorCode;
    }

    public int status() {
        return status;
    }

    public int errorCode() {
        return errorCode;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** The 422 for a request without a body, as the HDInsight REST proxy answers it. */
    public static ApiException emptyBody() {
        return new ApiException(422, 422, "Payload error. Request body is empty. Data is required.");
    }

    public static ApiException notFound(int errorCode, String message) {
        return new ApiException(404, errorCode, message);
    }
}
