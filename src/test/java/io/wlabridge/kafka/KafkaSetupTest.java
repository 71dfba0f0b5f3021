package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.camel.component.kafka.KafkaConfiguration;
import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.WlaOptions;

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

    @Test
    void acksAllIsIdempotentAndOtherAcksSwitchIdempotenceOffWithAWarning() {
        List<String> warnings = new ArrayList<>();
        KafkaConfiguration all = producer("all", "none", "broker:9092", warnings);
        KafkaConfiguration one = producer("1", "none", "broker:9092", warnings);

        assertThat(all.getRequestRequiredAcks()).isEqualTo("all");
        assertThat(all.isEnableIdempotence()).isTrue();
        assertThat(one.getRequestRequiredAcks()).isEqualTo("1");
        assertThat(one.isEnableIdempotence()).isFalse();
        assertThat(warnings).singleElement().asString().contains("wla.kafka.acks=1").contains("not idempotent");
        Properties producer = one.createProducerProperties();
        assertThat(producer.get("acks")).hasToString("1");
        assertThat(producer.get("enable.idempotence")).hasToString("false");
    }

    @Test
    void compressionReachesTheProducerAndEventHubsWarnsForCodecsOtherThanGzip() {
        List<String> warnings = new ArrayList<>();
        KafkaConfiguration zstd = producer("all", "zstd", "ns.servicebus.windows.net:9093", warnings);
        KafkaConfiguration gzip = producer("all", "GZIP", "ns.servicebus.windows.net:9093", warnings);
        producer("all", "lz4", "pkc-1.westeurope.azure.confluent.cloud:9092", warnings);

        assertThat(zstd.createProducerProperties().get("compression.type")).hasToString("zstd");
        assertThat(gzip.createProducerProperties().get("compression.type")).hasToString("gzip");
        assertThat(warnings).singleElement().asString().contains("wla.kafka.compression=zstd")
                .contains("Event Hubs accepts gzip only");
    }

    @Test
    void autoCompressionIsLz4ExceptOnEventHubsWhichGetsNone() {
        List<String> warnings = new ArrayList<>();
        KafkaConfiguration confluent = producer("all", "auto", "pkc-1.westeurope.azure.confluent.cloud:9092", warnings);
        KafkaConfiguration eventHubs = producer("all", "Auto", "ns.servicebus.windows.net:9093", warnings);

        assertThat(confluent.createProducerProperties().get("compression.type")).hasToString("lz4");
        assertThat(eventHubs.createProducerProperties().get("compression.type")).hasToString("none");
        assertThat(warnings).isEmpty();
    }

    @Test
    void unknownAcksOrCompressionStopsStartupNamingTheOption() {
        assertThatThrownBy(() -> KafkaSetup.applyProducer(new KafkaConfiguration(), "2", "none", "b:9092", w -> { }))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.kafka.acks is '2' but must be all, 1 or 0");
        assertThatThrownBy(() -> KafkaSetup.applyProducer(new KafkaConfiguration(), "all", "brotli", "b:9092", w -> { }))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.kafka.compression is 'brotli'");
    }

    @Test
    void theHttpBridgesCompressionIsCheckedAndNamedLikeTheJobs() {
        List<String> warnings = new ArrayList<>();
        assertThat(KafkaSetup.compressionCodec(WlaOptions.API_COMPRESSION, WlaOptions.API_COMPRESSION.defaultValue(),
                "b:9092", warnings::add)).isEqualTo("none");
        assertThat(KafkaSetup.compressionCodec(WlaOptions.API_COMPRESSION, "auto", "b:9092", warnings::add)).isEqualTo("lz4");
        assertThat(KafkaSetup.compressionCodec(WlaOptions.API_COMPRESSION, "LZ4", "ns.servicebus.windows.net:9093",
                warnings::add)).isEqualTo("lz4");
        assertThat(warnings).singleElement().asString().startsWith("wla.api.compression=lz4: Azure Event Hubs accepts gzip only");
        assertThatThrownBy(() -> KafkaSetup.compressionCodec(WlaOptions.API_COMPRESSION, "brotli", "b:9092", w -> { }))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("wla.api.compression is 'brotli'");
    }

    /** A camel-kafka configuration with the producer settings applied, its warnings into {@code warnings}. */
    private static KafkaConfiguration producer(String acks, String compression, String bootstrap, List<String> warnings) {
        KafkaConfiguration config = new KafkaConfiguration();
        KafkaSetup.applyProducer(config, acks, compression, bootstrap, warnings::add);
        return config;
    }
}
