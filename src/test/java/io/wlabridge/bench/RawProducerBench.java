package io.wlabridge.bench;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import io.wlabridge.demo.EmbeddedKafkaBroker;

/**
 * Baseline for the bridge: how many records per second one raw kafka-clients producer gets into a topic,
 * with the delivery guarantees the bridge uses (acks=all, idempotence). Not a test; see bench/README.md.
 *
 * <pre>
 * mvn -q test-compile exec:java -Dexec.mainClass=io.wlabridge.bench.RawProducerBench -Dexec.classpathScope=test
 * </pre>
 *
 * Optional arguments: the record count per run (default 1,000,000) and a {@code bootstrap.servers} to measure
 * an external broker instead of the embedded one.
 */
public final class RawProducerBench {

    private static final int DEFAULT_RECORDS = 1_000_000;
    private static final int WARM_UP_RECORDS = 200_000;
    private static final int[] VALUE_SIZES = {50, 200};

    private RawProducerBench() {
    }

    public static void main(String[] args) {
        int records = args.length > 0 ? Integer.parseInt(args[0]) : DEFAULT_RECORDS;
        String external = args.length > 1 ? args[1] : null;
        System.out.printf("RawProducerBench: %,d records per run, %d CPU(s), Java %s%n",
                records, Runtime.getRuntime().availableProcessors(), Runtime.version());
        EmbeddedKafkaBroker broker = external == null ? EmbeddedKafkaBroker.start() : null;
        try {
            String bootstrap = external == null ? broker.bootstrapServers() : external;
            System.out.printf("Broker: %s (%s)%n", bootstrap, external == null ? "embedded, same JVM" : "external");
            if (broker != null) {
                broker.createTopic("bench-warm-up", 1);
            }
            System.out.printf("Warm-up: %,d records of 50 bytes%n", WARM_UP_RECORDS);
            measure(bootstrap, "bench-warm-up", WARM_UP_RECORDS, 50);
            for (int valueSize : VALUE_SIZES) {
                String topic = "bench-" + valueSize + "b";
                if (broker != null) {
                    broker.createTopic(topic, 1);
                }
                double rate = measure(bootstrap, topic, records, valueSize);
                System.out.printf("RESULT value=%d bytes records=%,d -> %,.0f records/s (%.1f MB/s of values)%n",
                        valueSize, records, rate, rate * valueSize / 1_000_000);
            }
        } finally {
            if (broker != null) {
                broker.stop();
            }
        }
    }

    /**
     * Sends {@code records} records with a {@code valueSize}-byte value and no key to {@code topic} through one
     * producer, flushes, and returns records per second over the wall time from the first send to the end of
     * the flush. Producer start-up and metadata fetch are outside the measured time.
     *
     * @throws IllegalStateException if any record failed
     */
    public static double measure(String bootstrap, String topic, int records, int valueSize) {
        return measure(bootstrap, topic, records, valueSize, 0);
    }

    /**
     * As {@link #measure(String, String, int, int)}, with {@code transactionRecords > 0} through a transactional
     * producer that commits every that many records (as the bridge's exactly-once delivery does).
     */
    public static double measure(String bootstrap, String topic, int records, int valueSize, int transactionRecords) {
        Properties props = producerProperties(bootstrap);
        if (transactionRecords > 0) {
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-raw-" + topic);
        }
        System.out.printf("Producer settings: %s%n", new TreeMap<>(props));
        byte[] value = new byte[valueSize];
        Arrays.fill(value, (byte) 'x');
        AtomicLong failed = new AtomicLong();
        AtomicReference<Exception> firstFailure = new AtomicReference<>();

        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor(topic); // metadata fetched before the clock starts
            if (transactionRecords > 0) {
                producer.initTransactions();
            }
            long cpuBefore = CpuTime.jvmAndBrokerNanos();
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                if (transactionRecords > 0 && i % transactionRecords == 0) {
                    if (i > 0) {
                        producer.commitTransaction();
                    }
                    producer.beginTransaction();
                }
                producer.send(new ProducerRecord<>(topic, value), (metadata, exception) -> {
                    if (exception != null) {
                        failed.incrementAndGet();
                        firstFailure.compareAndSet(null, exception);
                    }
                });
            }
            if (transactionRecords > 0) {
                producer.commitTransaction();
            } else {
                producer.flush();
            }
            long elapsed = System.nanoTime() - start;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + records + " records failed", firstFailure.get());
            }
            long cpu = CpuTime.jvmAndBrokerNanos() - cpuBefore;
            double rate = records / (elapsed / 1e9);
            System.out.printf("  %s: %,d records x %d bytes in %,d ms = %,.0f records/s; CPU (this JVM, the broker)"
                    + " %,.0f us per 100 records; %.0f records per produce request, %.0f bytes per batch%n", topic,
                    records, valueSize, elapsed / 1_000_000, rate, cpu / 1000.0 / records * 100,
                    metric(producer, "records-per-request-avg"), metric(producer, "batch-size-avg"));
            return rate;
        }
    }

    /**
     * As {@link #measure(String, String, int, int)}, sending the given records (key, value, headers) in turn until
     * {@code records} are sent, with {@code compression.type} as given: the job's own records, uncompressed or as the
     * job compresses them.
     */
    public static double measureRecords(String bootstrap, String topic, List<ProducerRecord<byte[], byte[]>> sample,
            int records, String compression) {
        Properties props = producerProperties(bootstrap);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        AtomicLong failed = new AtomicLong();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
            producer.partitionsFor(topic);
            long start = System.nanoTime();
            for (int i = 0; i < records; i++) {
                ProducerRecord<byte[], byte[]> record = sample.get(i % sample.size());
                producer.send(new ProducerRecord<>(topic, null, record.key(), record.value(), record.headers()),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failed.incrementAndGet();
                            }
                        });
            }
            producer.flush();
            long elapsed = System.nanoTime() - start;
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " of " + records + " records failed");
            }
            double rate = records / (elapsed / 1e9);
            System.out.printf("  %s: %,d of the job's records, compression %s, in %,d ms = %,.0f records/s%n",
                    topic, records, compression, elapsed / 1_000_000, rate);
            return rate;
        }
    }

    /** A producer-wide metric's value (producer-metrics group), NaN when it has none. */
    static double metric(KafkaProducer<?, ?> producer, String name) {
        return producer.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("producer-metrics") && e.getKey().name().equals(name))
                .map(e -> e.getValue().metricValue()).filter(Number.class::isInstance)
                .mapToDouble(v -> ((Number) v).doubleValue()).findFirst().orElse(Double.NaN);
    }

    private static Properties producerProperties(String bootstrap) {
        Properties props = new Properties();
        props.putAll(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.LINGER_MS_CONFIG, "5",
                ProducerConfig.BATCH_SIZE_CONFIG, "65536",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName()));
        return props;
    }
}
