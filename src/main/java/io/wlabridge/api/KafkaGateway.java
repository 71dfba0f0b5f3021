package io.wlabridge.api;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The HTTP bridge's Kafka clients: one Admin and one producer (bytes in, acks=all, idempotent, the jobs' settings but
 * its own linger and requests in flight, see io.wlabridge.app.ApiSetup) for the life of the service, shared by all
 * requests and never flushed for one; consumers without group, since the HDInsight
 * API is a stateless "read at this offset", from a bounded pool that reuses them and closes idle ones. Thread-safe.
 */
public final class KafkaGateway implements AutoCloseable {

    /** The most a consume response carries, as HDInsight's proxy (about 6 MB). */
    static final int CONSUME_MAX_BYTES = 6 * 1024 * 1024;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** Free bytes the producer's buffer keeps beyond a request's for it to run on the event loop (1 MiB). */
    static final long BUFFER_HEADROOM = 1 << 20;

    /** How long a topic's partition count is taken from {@link #partitionCounts} before Kafka is asked again. */
    static final Duration PARTITION_COUNT_MAX_AGE = Duration.ofSeconds(10);

    private final Admin admin;
    private final KafkaProducer<byte[], byte[]> producer;
    private final ConsumerPool consumers;
    private final Map<String, PartitionCount> partitionCounts = new ConcurrentHashMap<>();
    /** Per topic: when Kafka last acknowledged a record of it, and the producer's retries of it then. */
    private final Map<String, Acknowledged> acknowledged = new ConcurrentHashMap<>();
    /** The producer's free buffer (bytes), read per produce request. */
    private final org.apache.kafka.common.Metric bufferAvailable;
    private volatile String clusterId;

    private record PartitionCount(int count, long fetchedNanos) {
    }

    /**
     * @param retries the producer's {@code record-retry-total} of the topic (null until it has one)
     * @param retriesThen its value at the acknowledgement
     */
    private record Acknowledged(long nanos, org.apache.kafka.common.Metric retries, double retriesThen) {
    }

    /**
     * @param consumerPoolSize most consumers kept for consume requests
     * @param consumerIdle how long an unused consumer stays open
     */
    public KafkaGateway(Properties adminProperties, Properties producerProperties, Properties consumerProperties,
            int consumerPoolSize, Duration consumerIdle) {
        this.admin = Admin.create(adminProperties);
        this.producer = new KafkaProducer<>(producerProperties);
        this.bufferAvailable = producerMetric("producer-metrics", "buffer-available-bytes", null);
        if (bufferAvailable == null) {
            throw new IllegalStateException("the Kafka producer has no metric buffer-available-bytes");
        }
        this.consumers = new ConsumerPool(() -> new KafkaConsumer<>(consumerProperties), consumerPoolSize, consumerIdle,
                TIMEOUT);
    }

    public record Partition(TopicPartitionInfo info, long earliest, long latest) {
    }

    public record Consumed(List<ConsumerRecord<byte[], byte[]>> records, long nextOffset) {
    }

    public List<String> topics() {
        return List.copyOf(await(admin.listTopics().names()));
    }

    public Collection<org.apache.kafka.common.Node> brokers() {
        return await(admin.describeCluster().nodes());
    }

    public String clusterId() {
        String id = clusterId;
        if (id == null) {
            id = await(admin.describeCluster().clusterId());
            clusterId = id;
        }
        return id;
    }

    /** The topic's description, or empty when it does not exist. */
    public Optional<TopicDescription> describe(String topic) {
        return await(admin.describeTopics(List.of(topic)).allTopicNames().thenApply(all -> Optional.of(all.get(topic))),
                cause -> {
                    if (cause instanceof UnknownTopicOrPartitionException) {
                        return Optional.empty();
                    }
                    throw unavailable(cause);
                });
    }

    /**
     * The topic's partition count for a produce request, empty when the topic does not exist. Produce must not wait for
     * a describe per request (it doubled the latency), so a topic's count is kept {@link #PARTITION_COUNT_MAX_AGE} and
     * Kafka is asked again when it is older, when the topic was not found before, or when {@code partition} (a
     * partition the request names, -1 for none) lies beyond it (the topic may have grown).
     */
    public Optional<Integer> partitionCount(String topic, int partition) {
        PartitionCount cached = partitionCounts.get(topic);
        if (cached != null && partition < cached.count()
                && System.nanoTime() - cached.fetchedNanos() < PARTITION_COUNT_MAX_AGE.toNanos()) {
            return Optional.of(cached.count());
        }
        Optional<TopicDescription> description = describe(topic);
        if (description.isEmpty()) {
            partitionCounts.remove(topic);
            return Optional.empty();
        }
        int count = description.get().partitions().size();
        partitionCounts.put(topic, new PartitionCount(count, System.nanoTime()));
        return Optional.of(count);
    }

    /** The topic's partitions with their earliest and latest (log-end) offsets. */
    public List<Partition> partitions(TopicDescription topic) {
        List<TopicPartition> partitions = topic.partitions().stream()
                .map(p -> new TopicPartition(topic.name(), p.partition())).toList();
        var earliest = offsets(partitions, OffsetSpec.earliest());
        var latest = offsets(partitions, OffsetSpec.latest());
        List<Partition> result = new ArrayList<>();
        for (TopicPartitionInfo info : topic.partitions()) {
            TopicPartition tp = new TopicPartition(topic.name(), info.partition());
            result.add(new Partition(info, earliest.get(tp), latest.get(tp)));
        }
        return result;
    }

    private Map<TopicPartition, Long> offsets(Collection<TopicPartition> partitions, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
        partitions.forEach(tp -> request.put(tp, spec));
        Map<TopicPartition, Long> offsets = new java.util.HashMap<>();
        await(admin.listOffsets(request).all()).forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /** Creates the topic; false when it exists already. Empty partitions or replication: the broker's defaults. */
    public boolean create(String topic, Optional<Integer> partitions, Optional<Short> replication, Map<String, String> configs) {
        return await(admin.createTopics(List.of(new NewTopic(topic, partitions, replication).configs(configs))).all()
                .thenApply(created -> true), cause -> {
                    if (cause instanceof TopicExistsException) {
                        return false;
                    }
                    if (cause instanceof org.apache.kafka.common.errors.ApiException kafka
                            && !(kafka instanceof org.apache.kafka.common.errors.RetriableException)) {
                        throw new ApiException(400, 40002, "Kafka refused to create topic '" + topic + "': "
                                + oneLine(kafka.getMessage()));
                    }
                    throw unavailable(cause);
                });
    }

    /**
     * Whether a produce to {@code topic} would run without blocking: its partition count known and above
     * {@code highestPartition}, the highest partition the records name, -1 for none ({@link #partitionCount} would not
     * ask Kafka), the producer holding the topic's metadata and at least {@code bytes} plus
     * {@link #BUFFER_HEADROOM} free in its buffer (else {@code send} waits for room, up to max.block.ms). The producer
     * holds the metadata when it acknowledged a record of the topic within {@link #PARTITION_COUNT_MAX_AGE} and has
     * retried none of it since: a topic deleted meanwhile is first refused by the broker, which the producer retries
     * (counted in its {@code record-retry-total}) before a metadata refresh drops the topic, after which {@code send}
     * would wait up to max.block.ms for metadata that never comes.
     */
    public boolean sendsWithoutBlocking(String topic, int bytes, int highestPartition) {
        PartitionCount cached = partitionCounts.get(topic);
        long now = System.nanoTime();
        if (cached == null || now - cached.fetchedNanos() >= PARTITION_COUNT_MAX_AGE.toNanos()
                || highestPartition >= cached.count()) {
            return false;
        }
        Acknowledged acked = acknowledged.get(topic);
        if (acked == null || now - acked.nanos() >= PARTITION_COUNT_MAX_AGE.toNanos()
                || retries(acked.retries()) != acked.retriesThen()) {
            return false;
        }
        return bufferAvailable.metricValue() instanceof Number available
                && available.doubleValue() >= bytes + (double) BUFFER_HEADROOM;
    }

    private static double retries(org.apache.kafka.common.Metric retries) {
        return retries != null && retries.metricValue() instanceof Number n ? n.doubleValue() : 0;
    }

    /**
     * The producer's metric of that group and name (of {@code topic} where not null), null when it has none (a topic's
     * before its first batch). The producer copies its metrics map per call: looked up once, then kept.
     */
    private org.apache.kafka.common.Metric producerMetric(String group, String name, String topic) {
        for (Map.Entry<org.apache.kafka.common.MetricName, ? extends org.apache.kafka.common.Metric> metric
                : producer.metrics().entrySet()) {
            org.apache.kafka.common.MetricName key = metric.getKey();
            if (key.group().equals(group) && key.name().equals(name)
                    && (topic == null || topic.equals(key.tags().get("topic")))) {
                return metric.getValue();
            }
        }
        return null;
    }

    public Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record) {
        return producer.send(record);
    }

    /** Sends without waiting: {@code acknowledged} runs on the producer's network thread once Kafka answered. */
    public void send(ProducerRecord<byte[], byte[]> record, org.apache.kafka.clients.producer.Callback acknowledged) {
        producer.send(record, acknowledged);
    }

    /**
     * Notes that Kafka acknowledged a record of {@code topic} (the producer holds its metadata); once per request is
     * enough, see {@link #sendsWithoutBlocking}.
     */
    public void acknowledged(String topic) {
        Acknowledged before = acknowledged.get(topic);
        org.apache.kafka.common.Metric retries = before != null && before.retries() != null ? before.retries()
                : producerMetric("producer-topic-metrics", "record-retry-total", topic);
        acknowledged.put(topic, new Acknowledged(System.nanoTime(), retries, retries(retries)));
    }

    /**
     * Up to {@code count} records of one partition from {@code offset} (the earliest offset if it lies below), no
     * more than {@link #CONSUME_MAX_BYTES}; returns at once when the partition has nothing at or after the offset.
     */
    public Consumed consume(TopicPartition partition, long offset, int count, long latest) {
        if (offset >= latest) {
            return new Consumed(new ArrayList<>(), offset);
        }
        return consumers.withConsumer(consumer -> read(consumer, partition, offset, count, latest));
    }

    /** The read of {@link #consume} with a pooled consumer: assigned the partition and moved to the offset first. */
    private static Consumed read(Consumer<byte[], byte[]> consumer, TopicPartition partition, long offset, int count,
            long latest) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long next = offset;
        long bytes = 0;
        consumer.assign(List.of(partition));
        consumer.seek(partition, offset);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        outer:
        while (records.size() < count && System.nanoTime() < deadline) {
            for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500)).records(partition)) {
                long size = (record.key() == null ? 0 : record.key().length) + (record.value() == null ? 0 : record.value().length);
                if (records.size() >= count || (!records.isEmpty() && bytes + size > CONSUME_MAX_BYTES)) {
                    break outer;
                }
                records.add(record);
                bytes += size;
                next = record.offset() + 1;
            }
            long position = consumer.position(partition);
            if (position >= latest) {
                // everything polled was taken; transaction markers and aborted records may leave a gap to the end
                next = Math.max(next, Math.min(position, latest));
                break;
            }
        }
        return new Consumed(records, next);
    }

    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future) {
        return await(future, cause -> {
            throw unavailable(cause);
        });
    }

    /** The future's value; Kafka's failure goes to {@code failed} (a value or a throw), no answer in time is a 503. */
    private static <T> T await(org.apache.kafka.common.KafkaFuture<T> future, java.util.function.Function<Throwable, T> failed) {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return failed.apply(e.getCause());
        } catch (TimeoutException e) {
            throw unavailable(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        }
    }

    static ApiException unavailable(Throwable cause) {
        return new ApiException(503, 50302, "Kafka is not available (" + (cause == null ? "no answer"
                : cause.getClass().getSimpleName()) + "); try again later");
    }

    static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s+", " ").trim();
    }

    /** The consumer pool, for tests. */
    ConsumerPool consumers() {
        return consumers;
    }

    @Override
    public void close() {
        consumers.close();
        producer.close(Duration.ofSeconds(10));
        admin.close(Duration.ofSeconds(10));
    }
}
