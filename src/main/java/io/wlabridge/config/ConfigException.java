package io.wlabridge.config;

/** Invalid configuration: the message is one line naming the property and what to do. Stops startup. */
public class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }

    public ConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
