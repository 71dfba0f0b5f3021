package io.wlabridge.registry;

/** HTTP 422 / 42201: the registry cannot parse or accept the schema text. */
public class InvalidSchemaException extends RegistryException {

    public InvalidSchemaException(String message, int errorCode, String subject) {
        super(message, 422, errorCode, subject);
    }
}
