package io.wlabridge.config;

/**
 * One WLA Bridge setting, declared once with its documentation and default (the kafka-connect-jdbc
 * {@code X_CONFIG / X_DOC / X_DEFAULT} pattern). The property reference in docs/configuration.md is checked against these.
 *
 * @param name         the property key, {@code wla.<concern>.<name>}
 * @param doc          what it means, including its unit
 * @param defaultValue the default, or {@code null} when the setting is required
 * @param secret       true when the value must never be printed
 */
public record ConfigOption(String name, String doc, String defaultValue, boolean secret) {

    public static ConfigOption required(String name, String doc) {
        return new ConfigOption(name, doc, null, false);
    }

    public static ConfigOption optional(String name, String defaultValue, String doc) {
        return new ConfigOption(name, doc, defaultValue, false);
    }

    public static ConfigOption secret(String name, String defaultValue, String doc) {
        return new ConfigOption(name, doc, defaultValue, true);
    }

    /** The environment variable Camel also reads this property from, e.g. {@code WLA_DATASOURCE_URL}. */
    public String environmentVariable() {
        return name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_');
    }
}
