package io.wlabridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.testing.KafkaBroker;

/**
 * {@link KafkaGateway#sendsWithoutBlocking}, on which a produce request runs on the event loop: only when neither the
 * partition count nor the producer's metadata nor room in its buffer would have to be waited for.
 */
@ExtendWith(KafkaBroker.class)
class KafkaGatewayIT {

    /** A producer buffer of 2 MiB: room for a request's bytes plus the 1 MiB headroom, not for 1.5 MiB more. */
    private static final long BUFFER = 2L << 20;

    private KafkaGateway kafka;

    @BeforeEach
    void open() {
        Properties producer = new Properties();
        producer.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.BUFFER_MEMORY_CONFIG, String.valueOf(BUFFER),
                // a record of a deleted topic fails within seconds, not the default two minutes
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "2000", ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "3000",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "3000"));
        Properties consumer = new Properties();
        consumer.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName()));
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        kafka = new KafkaGateway(admin, producer, consumer, 1, Duration.ofSeconds(30));
    }

    @AfterEach
    void close() {
        kafka.close();
    }

    @Test
    void aTopicSendsWithoutBlockingOnlyOnceItsPartitionsAreKnownAndKafkaAcknowledgedARecordOfIt() throws Exception {
        KafkaBroker.broker().createTopic("gateway-known", 2);
        assertThat(kafka.sendsWithoutBlocking("gateway-known", 100, -1)).as("nothing known yet").isFalse();

        assertThat(kafka.partitionCount("gateway-known", -1)).contains(2);
        assertThat(kafka.sendsWithoutBlocking("gateway-known", 100, -1)).as("partitions known, no metadata in the producer")
                .isFalse();

        kafka.send(new ProducerRecord<>("gateway-known", "v".getBytes())).get(30, TimeUnit.SECONDS);
        kafka.acknowledged("gateway-known");
        assertThat(kafka.sendsWithoutBlocking("gateway-known", 100, -1)).isTrue();
        assertThat(kafka.sendsWithoutBlocking("gateway-known", (int) (BUFFER - KafkaGateway.BUFFER_HEADROOM) + 1, -1))
                .as("more than the buffer holds beyond its headroom").isFalse();
        assertThat(kafka.sendsWithoutBlocking("gateway-known", 100, 1)).as("a record naming partition 1 of 2").isTrue();
        assertThat(kafka.sendsWithoutBlocking("gateway-known", 100, 2)).as("a partition beyond the known count is looked up")
                .isFalse();
        assertThat(kafka.sendsWithoutBlocking("gateway-other", 100, -1)).as("another topic").isFalse();
    }

    @Test
    void aTopicDeletedMeanwhileIsNotTakenAsKnownOnceTheProducerRetriesIt() throws Exception {
        KafkaBroker.broker().createTopic("gateway-deleted", 1);
        assertThat(kafka.partitionCount("gateway-deleted", -1)).contains(1);
        kafka.send(new ProducerRecord<>("gateway-deleted", "v".getBytes())).get(30, TimeUnit.SECONDS);
        kafka.acknowledged("gateway-deleted");
        assertThat(kafka.sendsWithoutBlocking("gateway-deleted", 100, -1)).isTrue();

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.deleteTopics(List.of("gateway-deleted")).all().get(30, TimeUnit.SECONDS);
        }
        // the producer still holds the topic: this record goes out, the broker refuses it, the producer retries it
        kafka.send(new ProducerRecord<>("gateway-deleted", "after".getBytes()), (metadata, e) -> { });
        // well before the acknowledgement ages out (10 s): the retry alone takes the topic off the event loop
        Awaitility.await().atMost(Duration.ofSeconds(8)).until(() -> !kafka.sendsWithoutBlocking("gateway-deleted", 100, -1));
    }

    @Test
    void aTopicThatWasNotFoundIsNotKnown() {
        assertThat(kafka.partitionCount("gateway-missing", -1)).isEmpty();
        kafka.acknowledged("gateway-missing");
        assertThat(kafka.sendsWithoutBlocking("gateway-missing", 100, -1)).isFalse();
    }
}
