package io.wlabridge.registry;

/** HTTP 409: the schema breaks the subject's compatibility level (error_code 409 up to 7.9/8.1.1, 40901 later). */
public class IncompatibleSchemaException extends RegistryException {

    public IncompatibleSchemaException(String message, int errorCode, String subject) {
        super(message, 409, errorCode, subject);
    }
}
