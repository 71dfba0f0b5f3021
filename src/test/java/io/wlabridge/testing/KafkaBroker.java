package io.wlabridge.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import io.wlabridge.demo.EmbeddedKafkaBroker;

/**
 * JUnit 5 extension giving each test class one in-process Kafka broker on a free port of 127.0.0.1.
 *
 * <pre>{@code
 * @ExtendWith(KafkaBroker.class)
 * class SomethingIT {
 *     @Test
 *     void rowsReachTheTopic() {
 *         String bootstrap = KafkaBroker.bootstrapServers();
 *         ...
 *         assertThat(KafkaBroker.consumeAll("orders", 3, Duration.ofSeconds(10))).hasSize(3);
 *     }
 * }
 * }</pre>
 *
 * The broker starts before the first test of the class and is stopped, its data deleted, after the last one
 * (JUnit closes it with the class's extension store). {@code @Nested} classes share their outer class's broker.
 * Test methods and constructors may also take an {@link EmbeddedKafkaBroker} parameter.
 *
 * <p>The static accessors serve the class that is running; test classes that use this extension must not
 * run in parallel with each other.
 */
public final class KafkaBroker implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(KafkaBroker.class);
    private static final String KEY = "broker";

    private static final Duration POLL_STEP = Duration.ofMillis(200);

    private static volatile EmbeddedKafkaBroker current;

    private final java.util.function.Supplier<java.util.Map<String, String>> extraConfig;

    /** For {@code @ExtendWith(KafkaBroker.class)}: a broker with the single-node defaults. */
    public KafkaBroker() {
        this(java.util.Map::of);
    }

    /**
     * For {@code @RegisterExtension static KafkaBroker kafka = new KafkaBroker(() -> Map.of(...))}: a broker with
     * extra listeners or settings (see {@link EmbeddedKafkaBroker#start(int, java.util.Map)}), asked for when it starts.
     */
    public KafkaBroker(java.util.function.Supplier<java.util.Map<String, String>> extraConfig) {
        this.extraConfig = extraConfig;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        if (store.get(KEY, EmbeddedKafkaBroker.class) == null) {
            // an AutoCloseable in the store is closed when the class's context ends
            store.put(KEY, EmbeddedKafkaBroker.start(0, extraConfig.get()));
        }
        current = store.get(KEY, EmbeddedKafkaBroker.class);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == EmbeddedKafkaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getStore(NAMESPACE).get(KEY, EmbeddedKafkaBroker.class);
    }

    /** The broker of the running test class. */
    public static EmbeddedKafkaBroker broker() {
        EmbeddedKafkaBroker broker = current;
        if (broker == null) {
            throw new IllegalStateException("No broker: annotate the test class with @ExtendWith(KafkaBroker.class)");
        }
        return broker;
    }

    /** {@code bootstrap.servers} of the running test class's broker. */
    public static String bootstrapServers() {
        return broker().bootstrapServers();
    }

    /** {@link #consumeAll(String, String, int, Duration)} against the running test class's broker. */
    public static List<ConsumerRecord<byte[], byte[]>> consumeAll(String topic, int expectedCount, Duration timeout) {
        return consumeAll(bootstrapServers(), topic, expectedCount, timeout);
    }

    /**
     * Reads {@code topic} from the beginning of every partition, committed records only, until at least
     * {@code expectedCount} records have arrived, and returns all records read by then. Uses no consumer
     * group, so there is no rebalance to wait for and nothing is committed.
     *
     * @throws AssertionError if fewer than {@code expectedCount} records arrived within {@code timeout}
     */
    public static List<ConsumerRecord<byte[], byte[]>> consumeAll(
            String bootstrapServers, String topic, int expectedCount, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(consumerProperties(bootstrapServers))) {
            List<TopicPartition> partitions = List.of();
            while (partitions.isEmpty() && System.nanoTime() < deadline) {
                try {
                    partitions = consumer.partitionsFor(topic, remaining(deadline, POLL_STEP)).stream()
                            .map(p -> new TopicPartition(p.topic(), p.partition()))
                            .toList();
                } catch (TimeoutException e) {
                    // the broker may be restarting; try again until the deadline
                }
            }
            if (partitions.isEmpty()) {
                throw new AssertionError("Topic " + topic + " not found within " + timeout);
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (records.size() < expectedCount && System.nanoTime() < deadline) {
                consumer.poll(remaining(deadline, POLL_STEP)).forEach(records::add);
            }
        }
        if (records.size() < expectedCount) {
            throw new AssertionError("Expected " + expectedCount + " records on " + topic + " within " + timeout
                    + " but read " + records.size());
        }
        return records;
    }

    private static Duration remaining(long deadline, Duration atMost) {
        long left = Math.max(0, deadline - System.nanoTime());
        return left < atMost.toNanos() ? Duration.ofNanos(left) : atMost;
    }

    private static Properties consumerProperties(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-consume-all-" + UUID.randomUUID());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return props;
    }
}
