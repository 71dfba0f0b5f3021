package io.wlabridge.kafka;

import static io.wlabridge.config.WlaOptions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.util.function.Function;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;

/**
 * Maps the {@code wla.kafka.*} security settings to Kafka client properties ({@code security.protocol},
 * {@code sasl.*}, {@code ssl.*}). Pure: reads settings through a function, so it is tested without Camel or network.
 * Secrets end up only in {@code sasl.jaas.config} and the {@code ssl.*.password} keys, which Kafka's config logging
 * hides as Password values.
 */
public final class KafkaSecurity {

    static final String OAUTH_LOGIN_MODULE = "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule";
    static final String PLAIN_LOGIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    static final String SCRAM_LOGIN_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private static final List<String> PROTOCOLS = List.of("PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL");
    private static final List<String> MECHANISMS = List.of("PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER");
    private static final List<String> STORE_TYPES = List.of("JKS", "PKCS12", "PEM");

    private KafkaSecurity() {
    }

    /** The client properties for the settings {@code setting} returns (a value or the option's default, never null). */
    public static Map<String, String> clientProperties(Function<ConfigOption, String> setting) {
        Map<String, String> props = new LinkedHashMap<>();
        String protocol = oneOf(setting, KAFKA_SECURITY_PROTOCOL, PROTOCOLS);
        props.put("security.protocol", protocol);
        if (protocol.endsWith("SSL")) {
            ssl(setting, props);
        }
        if (protocol.startsWith("SASL")) {
            sasl(setting, props);
        } else if (!setting.apply(KAFKA_SASL_MECHANISM).isBlank()) {
            throw new ConfigException(KAFKA_SASL_MECHANISM.name() + " is set but " + KAFKA_SECURITY_PROTOCOL.name()
                    + " is " + protocol + "; use SASL_SSL or SASL_PLAINTEXT");
        }
        return props;
    }

    private static void ssl(Function<ConfigOption, String> setting, Map<String, String> props) {
        store(setting, props, "truststore", KAFKA_SSL_TRUSTSTORE_LOCATION, KAFKA_SSL_TRUSTSTORE_PASSWORD,
                KAFKA_SSL_TRUSTSTORE_TYPE);
        store(setting, props, "keystore", KAFKA_SSL_KEYSTORE_LOCATION, KAFKA_SSL_KEYSTORE_PASSWORD,
                KAFKA_SSL_KEYSTORE_TYPE);
        if (props.containsKey("ssl.keystore.location") && !setting.apply(KAFKA_SSL_KEY_PASSWORD).isBlank()) {
            props.put("ssl.key.password", setting.apply(KAFKA_SSL_KEY_PASSWORD));
        }
    }

    private static void store(Function<ConfigOption, String> setting, Map<String, String> props, String kind,
            ConfigOption location, ConfigOption password, ConfigOption type) {
        String file = setting.apply(location).trim();
        if (file.isEmpty()) {
            return;
        }
        String storeType = oneOf(setting, type, STORE_TYPES);
        props.put("ssl." + kind + ".location", file);
        props.put("ssl." + kind + ".type", storeType);
        String secret = setting.apply(password);
        // Kafka refuses a store password for PEM files; PEM keys carry their own (ssl.key.password)
        if (!secret.isEmpty() && !storeType.equals("PEM")) {
            props.put("ssl." + kind + ".password", secret);
        }
    }

    private static void sasl(Function<ConfigOption, String> setting, Map<String, String> props) {
        String mechanism = setting.apply(KAFKA_SASL_MECHANISM).trim().toUpperCase(java.util.Locale.ROOT);
        if (mechanism.isEmpty()) {
            throw new ConfigException(KAFKA_SASL_MECHANISM.name() + " is not set but " + KAFKA_SECURITY_PROTOCOL.name()
                    + " is " + props.get("security.protocol") + "; set one of " + MECHANISMS);
        }
        oneOf(setting, KAFKA_SASL_MECHANISM, MECHANISMS);
        props.put("sasl.mechanism", mechanism);
        if (mechanism.equals("OAUTHBEARER")) {
            props.put("sasl.jaas.config", OAUTH_LOGIN_MODULE + " required" + EntraTokenSettings.jaasOptions(setting) + ";");
            props.put("sasl.login.callback.handler.class", EntraTokenCallbackHandler.class.getName());
            return;
        }
        String user = required(setting, KAFKA_SASL_USERNAME, mechanism);
        String password = required(setting, KAFKA_SASL_PASSWORD, mechanism);
        String module = mechanism.equals("PLAIN") ? PLAIN_LOGIN_MODULE : SCRAM_LOGIN_MODULE;
        props.put("sasl.jaas.config", module + " required" + jaasOption("username", user)
                + jaasOption("password", password) + ";");
        // every login asks for the current password: one rotated in Key Vault needs no restart
        props.put("sasl.client.callback.handler.class", RotatingPasswordCallbackHandler.class.getName());
    }

    static String required(Function<ConfigOption, String> setting, ConfigOption option, String because) {
        String value = setting.apply(option);
        if (value == null || value.isBlank()) {
            throw new ConfigException(option.name() + " is not set but " + because + " needs it: " + option.doc());
        }
        return value;
    }

    /** {@code  key="value"}, quoted as Kafka's JAAS parser reads it (a Java StreamTokenizer). */
    static String jaasOption(String key, String value) {
        return " " + key + "=\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String oneOf(Function<ConfigOption, String> setting, ConfigOption option, List<String> allowed) {
        String value = setting.apply(option).trim().toUpperCase(java.util.Locale.ROOT);
        if (!allowed.contains(value)) {
            String shown = option.secret() ? "(hidden)" : "'" + setting.apply(option) + "'";
            throw new ConfigException(option.name() + " is " + shown + " but must be one of " + allowed);
        }
        return value;
    }

}
