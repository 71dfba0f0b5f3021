package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.junit.jupiter.api.Test;

/** What camel-kafka hands the Kafka producer once the security properties are applied to its configuration. */
class KafkaSetupTest {

    @Test
    void securityPropertiesReachTheProducerThroughCamelsOwnOptionsAndAdditionalProperties() {
        Map<String, String> security = KafkaSecurityTest.props(
                "wla.kafka.security-protocol", "SASL_SSL", "wla.kafka.sasl-mechanism", "OAUTHBEARER",
                "wla.kafka.oauth.tenant-id", "t", "wla.kafka.oauth.client-id", "c",
                "wla.kafka.oauth.client-secret", "s", "wla.kafka.oauth.scope", "api://c/.default",
                "wla.kafka.ssl-truststore-location", "/etc/ca.pem", "wla.kafka.ssl-truststore-type", "PEM",
                "wla.kafka.ssl-keystore-location", "/etc/client.p12", "wla.kafka.ssl-keystore-type", "PKCS12",
                "wla.kafka.ssl-keystore-password", "k");
        KafkaConfiguration config = new KafkaConfiguration();
        config.setBrokers("127.0.0.1:9092");
        KafkaSetup.applySecurity(config, security);

        Properties producer = config.createProducerProperties();
        security.forEach((key, value) -> assertThat(producer.get(key)).as(key).hasToString(value));
        assertThat(producer.get("sasl.login.callback.handler.class")).hasToString(EntraTokenCallbackHandler.class.getName());
    }
}
