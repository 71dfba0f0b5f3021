package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;

import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.common.security.JaasContext;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;

class KafkaSecurityTest {

    static final String SECRET = "s3cr\"et\\value";

    static Function<ConfigOption, String> settings(Map<String, String> values) {
        return option -> values.getOrDefault(option.name(), option.defaultValue());
    }

    static Map<String, String> props(String... keyValues) {
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return KafkaSecurity.clientProperties(settings(values));
    }

    @Test
    void plaintextByDefault() {
        assertThat(props()).containsExactly(Map.entry("security.protocol", "PLAINTEXT"));
    }

    @Test
    void scramOverTlsWithPemTrustGivesJaasAndNoPemPassword() {
        Map<String, String> props = props("wla.kafka.security-protocol", "SASL_SSL",
                "wla.kafka.sasl-mechanism", "scram-sha-512", "wla.kafka.sasl-username", "bridge",
                "wla.kafka.sasl-password", SECRET, "wla.kafka.ssl-truststore-location", "/etc/ca.pem",
                "wla.kafka.ssl-truststore-type", "PEM", "wla.kafka.ssl-truststore-password", "ignored");
        assertThat(props).containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("ssl.truststore.location", "/etc/ca.pem").containsEntry("ssl.truststore.type", "PEM")
                .doesNotContainKey("ssl.truststore.password");
        assertThat(props.get("sasl.jaas.config")).startsWith(KafkaSecurity.SCRAM_LOGIN_MODULE + " required");
    }

    @Test
    void jaasQuotingSurvivesKafkasParser() {
        Map<String, String> props = props("wla.kafka.security-protocol", "SASL_PLAINTEXT",
                "wla.kafka.sasl-mechanism", "PLAIN", "wla.kafka.sasl-username", "$ConnectionString",
                "wla.kafka.sasl-password", SECRET);
        var entry = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(props.get("sasl.jaas.config"))))
                .configurationEntries().get(0);
        assertThat(entry.getLoginModuleName()).isEqualTo(KafkaSecurity.PLAIN_LOGIN_MODULE);
        Map<String, ?> options = entry.getOptions();
        assertThat(options.get("username")).isEqualTo("$ConnectionString");
        assertThat(options.get("password")).isEqualTo(SECRET);
    }

    @Test
    void oauthWithClientSecretDefaultsToEntraAuthorityAndNamesTheHandler() {
        Map<String, String> props = props("wla.kafka.security-protocol", "SASL_SSL",
                "wla.kafka.sasl-mechanism", "OAUTHBEARER", "wla.kafka.oauth.tenant-id", "t-1",
                "wla.kafka.oauth.client-id", "app-1", "wla.kafka.oauth.client-secret", SECRET,
                "wla.kafka.oauth.scope", "api://app-1/.default", "wla.kafka.oauth.logical-cluster", "lkc-1");
        assertThat(props).containsEntry("sasl.login.callback.handler.class", EntraTokenCallbackHandler.class.getName());
        var options = JaasContext.loadClientContext(Map.of("sasl.jaas.config", new Password(props.get("sasl.jaas.config"))))
                .configurationEntries().get(0).getOptions();
        EntraTokenSettings parsed = EntraTokenSettings.from(options);
        assertThat(parsed.authority()).isEqualTo("https://login.microsoftonline.com/t-1");
        assertThat(parsed.entraAuthority()).isTrue();
        assertThat(parsed.clientSecret()).isEqualTo(SECRET);
        assertThat(parsed.logicalCluster()).isEqualTo("lkc-1");
        assertThat(parsed.toString()).doesNotContain(SECRET);
    }

    @Test
    void kafkaHidesTheJaasConfigWhenItLogsItsConfiguration() {
        Map<String, Object> configs = new HashMap<>(props("wla.kafka.security-protocol", "SASL_PLAINTEXT",
                "wla.kafka.sasl-mechanism", "PLAIN", "wla.kafka.sasl-username", "u", "wla.kafka.sasl-password", SECRET));
        configs.put("bootstrap.servers", "127.0.0.1:1");
        configs.put("key.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        configs.put("value.serializer", "org.apache.kafka.common.serialization.StringSerializer");
        ProducerConfig config = new ProducerConfig(configs);
        assertThat(config.values().get("sasl.jaas.config")).isInstanceOf(Password.class);
        assertThat(config.values().get("sasl.jaas.config").toString()).doesNotContain(SECRET);
    }

    @Test
    void invalidSettingsNameTheProperty() {
        assertThatThrownBy(() -> props("wla.kafka.security-protocol", "TLS"))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.kafka.security-protocol is 'TLS'");
        assertThatThrownBy(() -> props("wla.kafka.security-protocol", "SASL_SSL"))
                .hasMessageStartingWith("wla.kafka.sasl-mechanism is not set");
        assertThatThrownBy(() -> props("wla.kafka.security-protocol", "SASL_SSL", "wla.kafka.sasl-mechanism", "GSSAPI"))
                .hasMessageStartingWith("wla.kafka.sasl-mechanism is 'GSSAPI'");
        assertThatThrownBy(() -> props("wla.kafka.security-protocol", "SASL_SSL", "wla.kafka.sasl-mechanism", "PLAIN",
                "wla.kafka.sasl-username", "u")).hasMessageStartingWith("wla.kafka.sasl-password is not set");
        assertThatThrownBy(() -> props("wla.kafka.sasl-mechanism", "PLAIN"))
                .hasMessageStartingWith("wla.kafka.sasl-mechanism is set but wla.kafka.security-protocol is PLAINTEXT");
        assertThatThrownBy(() -> props("wla.kafka.security-protocol", "SASL_SSL", "wla.kafka.sasl-mechanism", "OAUTHBEARER",
                "wla.kafka.oauth.tenant-id", "t", "wla.kafka.oauth.client-id", "c", "wla.kafka.oauth.scope", "s"))
                .hasMessageStartingWith("set exactly one of wla.kafka.oauth.client-secret and wla.kafka.oauth.certificate-path");
        assertThatThrownBy(() -> props("wla.kafka.security-protocol", "SASL_SSL", "wla.kafka.sasl-mechanism", "OAUTHBEARER",
                "wla.kafka.oauth.authority", "http://idp", "wla.kafka.oauth.client-secret", SECRET))
                .hasMessageStartingWith("wla.kafka.oauth.authority is 'http://idp' but must be an https URL");
    }

    @Test
    void secretsNeverAppearInValidationMessages() {
        for (String[] wrong : new String[][] {
                {"wla.kafka.security-protocol", "SASL_SSL", "wla.kafka.sasl-mechanism", "PLAIN", "wla.kafka.sasl-password", SECRET},
                {"wla.kafka.security-protocol", "SASL_SSL", "wla.kafka.sasl-mechanism", "OAUTHBEARER",
                        "wla.kafka.oauth.tenant-id", "t", "wla.kafka.oauth.client-secret", SECRET,
                        "wla.kafka.oauth.certificate-path", "/x.pem", "wla.kafka.oauth.scope", "s", "wla.kafka.oauth.client-id", "c"},
                {"wla.kafka.security-protocol", "SSL", "wla.kafka.ssl-truststore-location", "/t.jks",
                        "wla.kafka.ssl-truststore-type", "P12", "wla.kafka.ssl-truststore-password", SECRET}}) {
            assertThatThrownBy(() -> props(wrong)).isInstanceOf(ConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("\n"));
        }
    }
}
