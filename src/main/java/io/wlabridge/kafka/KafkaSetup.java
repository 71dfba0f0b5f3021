package io.wlabridge.kafka;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;

/**
 * The one Kafka connection every job, dead letter and escalation uses: camel-kafka's component configuration (the
 * jobs' own producer takes its settings from it too, see io.wlabridge.app.DeliverySetup),
 * set from {@code wla.kafka.*}, security ({@link KafkaSecurity}) included. Producers acknowledge with
 * {@code wla.kafka.acks} (default all, idempotent) and compress with {@code wla.kafka.compression} (auto: lz4, none
 * on Azure Event Hubs).
 */
public final class KafkaSetup {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaSetup.class);
    private static final List<String> ACKS = List.of("all", "1", "0");
    private static final List<String> COMPRESSION = List.of("auto", "none", "gzip", "snappy", "lz4", "zstd");

    private KafkaSetup() {
    }

    public static void configure(CamelContext context, Settings settings) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        KafkaConfiguration config = kafka.getConfiguration();
        // producers start with their first record, not with the route: a producer that cannot log in (wrong secret,
        // issuer unreachable) then fails that run, which escalates, instead of the bridge's start
        kafka.setLazyStartProducer(true);
        config.setBrokers(settings.get(WlaOptions.KAFKA_BOOTSTRAP_SERVERS));
        applyProducer(config, settings.get(WlaOptions.KAFKA_ACKS), settings.get(WlaOptions.KAFKA_COMPRESSION),
                settings.get(WlaOptions.KAFKA_BOOTSTRAP_SERVERS), LOG::warn);
        config.setMaxRequestSize(settings.getInt(WlaOptions.KAFKA_MAX_REQUEST_SIZE));
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
        // each record of a batch carries its own key and headers
        config.setBatchWithIndividualHeaders(true);
        // a route that produces (escalation events) goes on once Kafka has acknowledged
        config.setSynchronous(true);
        applySecurity(config, KafkaSecurity.clientProperties(settings::get));
    }

    /**
     * acks and compression, checked: idempotence needs acks=all, so other acks switch it off with a warning; Azure
     * Event Hubs (a bootstrap host under .servicebus.windows.net) accepts gzip only, so other codecs get a warning.
     */
    static void applyProducer(KafkaConfiguration config, String acks, String compression, String bootstrapServers,
            Consumer<String> warn) {
        String a = acks.trim().toLowerCase(Locale.ROOT);
        if (a.equals("-1")) {
            a = "all";
        }
        if (!ACKS.contains(a)) {
            throw new ConfigException(WlaOptions.KAFKA_ACKS.name() + " is '" + acks + "' but must be all, 1 or 0: "
                    + WlaOptions.KAFKA_ACKS.doc());
        }
        config.setRequestRequiredAcks(a);
        config.setEnableIdempotence(a.equals("all"));
        if (!a.equals("all")) {
            warn.accept(WlaOptions.KAFKA_ACKS.name() + "=" + a + ": the producer is not idempotent (idempotence needs"
                    + " acks=all); a retried batch may be written twice" + (a.equals("0") ? " and an unacknowledged one lost" : ""));
        }
        config.setCompressionCodec(compressionCodec(WlaOptions.KAFKA_COMPRESSION, compression, bootstrapServers, warn));
    }

    /**
     * The producer's compression.type for a compression setting (option names it in errors and warnings): auto is lz4,
     * or none on Azure Event Hubs; Event Hubs accepts gzip only, so another codec there gets a warning.
     */
    public static String compressionCodec(ConfigOption option, String compression,
            String bootstrapServers, Consumer<String> warn) {
        String codec = compression.trim().toLowerCase(Locale.ROOT);
        if (!COMPRESSION.contains(codec)) {
            throw new ConfigException(option.name() + " is '" + compression
                    + "' but must be one of auto, none, gzip, snappy, lz4, zstd: " + option.doc());
        }
        if (codec.equals("auto")) {
            // lz4: the events are small and alike, so batches shrink to a fraction, and the broker validates a
            // compressed batch without parsing each record's headers (docs/performance.md); Event Hubs takes gzip
            // only, which costs more CPU than it saves on a job's small records
            codec = isEventHubs(bootstrapServers) ? "none" : "lz4";
        }
        if (isEventHubs(bootstrapServers) && !codec.equals("none") && !codec.equals("gzip")) {
            warn.accept(option.name() + "=" + codec + ": Azure Event Hubs accepts gzip only"
                    + " (bootstrap " + bootstrapServers + "); set " + option.name() + " to gzip or none");
        }
        return codec;
    }

    static boolean isEventHubs(String bootstrapServers) {
        for (String server : bootstrapServers.split(",")) {
            String host = server.trim();
            int colon = host.lastIndexOf(':');
            host = (colon > 0 ? host.substring(0, colon) : host).toLowerCase(Locale.ROOT);
            if (host.endsWith(".servicebus.windows.net")) {
                return true;
            }
        }
        return false;
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
