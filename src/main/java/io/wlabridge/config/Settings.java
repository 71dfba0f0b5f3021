package io.wlabridge.config;

import java.util.function.Function;

import org.apache.camel.CamelContext;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Typed access to {@link ConfigOption}s through Camel's properties component, so values come from
 * application.properties, the environment ({@code WLA_DATASOURCE_URL}), {@code --key=value} arguments
 * and property functions such as {@code {{env:...}}} alike.
 */
public final class Settings {

    private final PropertiesComponent properties;

    public Settings(CamelContext context) {
        this.properties = context.getPropertiesComponent();
    }

    public String get(ConfigOption option) {
        String value;
        try {
            value = properties.resolveProperty(option.name()).orElse(null);
            if (value == null) {
                // Camel reports a nested placeholder it cannot resolve ({{env:UNSET}}) as a missing property: say why
                String raw = SecretPlaceholders.raw(properties, option);
                value = raw != null && raw.contains("{{") ? properties.parseUri(raw) : option.defaultValue();
            }
            if (value != null && value.contains("{{")) {
                value = properties.parseUri(value);
            }
        } catch (RuntimeException e) {
            // a placeholder such as {{azure:name}} that does not resolve: name the property and the secret, not values
            throw SecretPlaceholders.unresolvable(option, SecretPlaceholders.raw(properties, option), e);
        }
        if (value == null || (option.defaultValue() == null && value.isBlank())) {
            throw new ConfigException(option.name() + " is not set: " + option.doc()
                    + "; set it in application.properties, as " + option.environmentVariable() + " or --"
                    + option.name() + "=...");
        }
        return value.trim();
    }

    public int getInt(ConfigOption option) {
        return parse(option, Integer::parseInt, "a whole number");
    }

    public long getLong(ConfigOption option) {
        return parse(option, Long::parseLong, "a whole number");
    }

    public boolean getBoolean(ConfigOption option) {
        return parse(option, v -> {
            if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
                throw new IllegalArgumentException(v);
            }
            return Boolean.parseBoolean(v);
        }, "true or false");
    }

    private <T> T parse(ConfigOption option, Function<String, T> parser, String expected) {
        String value = get(option);
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            String shown = option.secret() ? "(hidden)" : "'" + value + "'";
            throw new ConfigException(option.name() + " is " + shown + " but must be " + expected + ": " + option.doc());
        }
    }
}
