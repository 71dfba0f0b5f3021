package io.wlabridge.kafka;

import java.util.HashMap;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;

import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;

/**
 * The one Kafka connection every job, dead letter and escalation uses: camel-kafka's component configuration,
 * set from {@code wla.kafka.*}, security ({@link KafkaSecurity}) included. Producers always acknowledge with acks=all and are idempotent.
 */
public final class KafkaSetup {

    private KafkaSetup() {
    }

    public static void configure(CamelContext context, Settings settings) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        KafkaConfiguration config = kafka.getConfiguration();
        // producers start with their first record, not with the route: a producer that cannot log in (wrong secret,
        // issuer unreachable) then fails that run, which escalates, instead of the bridge's start
        kafka.setLazyStartProducer(true);
        config.setBrokers(settings.get(WlaOptions.KAFKA_BOOTSTRAP_SERVERS));
        config.setRequestRequiredAcks("all");
        config.setEnableIdempotence(true);
        config.setKeySerializer("org.apache.kafka.common.serialization.StringSerializer");
        config.setValueSerializer("org.apache.kafka.common.serialization.ByteArraySerializer");
        config.setLingerMs(settings.getInt(WlaOptions.KAFKA_LINGER_MS));
        config.setProducerBatchSize(settings.getInt(WlaOptions.KAFKA_BATCH_SIZE));
        config.setDeliveryTimeoutMs(settings.getInt(WlaOptions.KAFKA_DELIVERY_TIMEOUT_MS));
        config.setMaxBlockMs(settings.getInt(WlaOptions.KAFKA_MAX_BLOCK_MS));
        // request timeout may not exceed the delivery timeout (Kafka rejects the configuration otherwise)
        config.setRequestTimeoutMs(Math.min(30_000, settings.getInt(WlaOptions.KAFKA_DELIVERY_TIMEOUT_MS) - 1));
        config.setLingerMs(Math.min(settings.getInt(WlaOptions.KAFKA_LINGER_MS),
                settings.getInt(WlaOptions.KAFKA_DELIVERY_TIMEOUT_MS) - config.getRequestTimeoutMs()));
        // each record of a chunk carries its own key and event-id header
        config.setBatchWithIndividualHeaders(true);
        // the route waits for the acknowledgement of a chunk before it records the chunk as sent
        config.setSynchronous(true);
        applySecurity(config, KafkaSecurity.clientProperties(settings::get));
    }

    /** security.protocol, SASL and TLS: camel-kafka's own options where it has one, additionalProperties otherwise. */
    static void applySecurity(KafkaConfiguration config, Map<String, String> security) {
        Map<String, Object> additional = new HashMap<>(config.getAdditionalProperties());
        security.forEach((key, value) -> {
            switch (key) {
                case "security.protocol" -> config.setSecurityProtocol(value);
                case "sasl.mechanism" -> config.setSaslMechanism(value);
                case "sasl.jaas.config" -> config.setSaslJaasConfig(value);
                case "ssl.truststore.location" -> config.setSslTruststoreLocation(value);
                case "ssl.truststore.password" -> config.setSslTruststorePassword(value);
                case "ssl.truststore.type" -> config.setSslTruststoreType(value);
                case "ssl.keystore.location" -> config.setSslKeystoreLocation(value);
                case "ssl.keystore.password" -> config.setSslKeystorePassword(value);
                case "ssl.keystore.type" -> config.setSslKeystoreType(value);
                case "ssl.key.password" -> config.setSslKeyPassword(value);
                default -> additional.put(key, value);
            }
        });
        config.setAdditionalProperties(additional);
    }
}
