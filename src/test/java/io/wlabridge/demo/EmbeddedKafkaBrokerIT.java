package io.wlabridge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.testing.KafkaBroker;

@ExtendWith(KafkaBroker.class)
class EmbeddedKafkaBrokerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @Test
    void idempotentProducerRecordsCanBeConsumedBack() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(KafkaBroker.bootstrapServers())) {
            for (int i = 0; i < 10; i++) {
                producer.send(record("round-trip", i)).get();
            }
        }

        List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.consumeAll("round-trip", 10, TIMEOUT);

        assertThat(records).extracting(EmbeddedKafkaBrokerIT::value)
                .containsExactlyElementsOf(IntStream.range(0, 10).mapToObj(i -> "value-" + i).toList());
    }

    @Test
    void consumeAllFailsWhenTooFewRecordsArriveInTime() {
        KafkaBroker.broker().createTopic("stays-empty", 1);

        assertThatThrownBy(() -> KafkaBroker.consumeAll("stays-empty", 1, Duration.ofSeconds(1)))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("but read 0");
    }

    @Test
    void brokerListensOnLoopback() {
        assertThat(KafkaBroker.bootstrapServers()).isEqualTo("127.0.0.1:" + KafkaBroker.broker().port());
    }

    @Test
    void createTopicCreatesRequestedPartitionsAndIsIdempotent() throws Exception {
        EmbeddedKafkaBroker broker = KafkaBroker.broker();

        broker.createTopic("six-partitions", 6);
        broker.createTopic("six-partitions", 6);

        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
            var description = admin.describeTopics(List.of("six-partitions")).allTopicNames().get().get("six-partitions");
            assertThat(description.partitions()).hasSize(6)
                    .allSatisfy(partition -> assertThat(partition.leader()).isNotNull());
        }
    }

    @Test
    void createTopicRejectsAnExistingTopicWithOtherPartitionCount() {
        EmbeddedKafkaBroker broker = KafkaBroker.broker();
        broker.createTopic("two-partitions", 2);

        assertThatThrownBy(() -> broker.createTopic("two-partitions", 3))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists with 2 partitions");
    }

    @Test
    void unknownTopicIsCreatedOnFirstSendWithOnePartition() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer(KafkaBroker.bootstrapServers())) {
            RecordMetadata metadata = producer.send(record("auto-created", 0)).get();
            assertThat(metadata.partition()).isZero();
        }
        assertThat(KafkaBroker.consumeAll("auto-created", 1, TIMEOUT)).hasSize(1);
    }

    @Test
    void startWithPortListensOnThatPort(EmbeddedKafkaBroker classBroker) throws Exception {
        int port = freePort();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(port)) {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(broker.boundPort(EmbeddedKafkaBroker.CLIENT_LISTENER)).isEqualTo(port);
            assertThat(broker.port()).isNotEqualTo(classBroker.port());

            try (KafkaProducer<byte[], byte[]> producer = producer("127.0.0.1:" + port)) {
                producer.send(record("fixed-port", 1)).get();
            }
            assertThat(KafkaBroker.consumeAll("127.0.0.1:" + port, "fixed-port", 1, TIMEOUT))
                    .extracting(EmbeddedKafkaBrokerIT::value).containsExactly("value-1");
        }
    }

    @Test
    void extraListenerFromPassthroughConfigServesClients() throws Exception {
        Map<String, String> extra = Map.of(
                "listeners", "SECOND://127.0.0.1:0",
                "listener.security.protocol.map", "SECOND:PLAINTEXT",
                "log.retention.ms", "600000");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(0, extra)) {
            int secondPort = broker.boundPort("SECOND");
            assertThat(secondPort).isPositive().isNotEqualTo(broker.port());

            String second = "127.0.0.1:" + secondPort;
            try (KafkaProducer<byte[], byte[]> producer = producer(second)) {
                producer.send(record("second-listener", 7)).get();
            }
            assertThat(KafkaBroker.consumeAll(second, "second-listener", 1, TIMEOUT)).hasSize(1);
            assertThat(KafkaBroker.consumeAll(broker.bootstrapServers(), "second-listener", 1, TIMEOUT)).hasSize(1);
        }
    }

    @Test
    void producerKeepsGoingAcrossBrokerRestartOnSamePortWithSameData() throws Exception {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
             KafkaProducer<byte[], byte[]> producer = producer(broker.bootstrapServers())) {
            int port = broker.port();
            broker.createTopic("restart", 1);
            for (int i = 0; i < 100; i++) {
                producer.send(record("restart", i));
            }
            producer.flush();

            broker.shutdownBroker();
            assertThat(broker.isBrokerRunning()).isFalse();
            List<Future<RecordMetadata>> inFlight = new ArrayList<>();
            for (int i = 100; i < 200; i++) {
                inFlight.add(producer.send(record("restart", i)));
            }
            assertThat(inFlight).noneMatch(Future::isDone);

            broker.restartBroker();

            assertThat(broker.isBrokerRunning()).isTrue();
            assertThat(broker.port()).isEqualTo(port);
            await().atMost(TIMEOUT).until(() -> inFlight.stream().allMatch(Future::isDone));
            for (Future<RecordMetadata> sent : inFlight) {
                assertThat(sent.get().offset()).isBetween(100L, 199L);
            }
            List<ConsumerRecord<byte[], byte[]>> records =
                    KafkaBroker.consumeAll(broker.bootstrapServers(), "restart", 200, TIMEOUT);
            assertThat(records).extracting(EmbeddedKafkaBrokerIT::value)
                    .containsExactlyElementsOf(IntStream.range(0, 200).mapToObj(i -> "value-" + i).toList());
        }
    }

    @Test
    void stopReleasesThePortAndCanBeCalledTwice() throws Exception {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
        int port = broker.port();

        broker.stop();
        broker.close();

        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName("127.0.0.1"))) {
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
        assertThatThrownBy(broker::restartBroker).isInstanceOf(IllegalStateException.class);
    }

    private static KafkaProducer<byte[], byte[]> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "60000");
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return new KafkaProducer<>(props);
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, int i) {
        return new ProducerRecord<>(topic, ("key-" + i).getBytes(StandardCharsets.UTF_8),
                ("value-" + i).getBytes(StandardCharsets.UTF_8));
    }

    private static String value(ConsumerRecord<byte[], byte[]> record) {
        return new String(record.value(), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }
}
