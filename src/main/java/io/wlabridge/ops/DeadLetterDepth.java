package io.wlabridge.ops;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * How many records a dead-letter topic holds: what was dead-lettered and is still retained; a record that
 * {@code replay} re-sent stays on the topic until retention removes it, so this is the most that can wait there. A
 * topic that does not exist holds 0. Dead letters are written in Kafka transactions, whose commit markers take
 * offsets too: a partition of up to {@value #COUNTED} offsets is read (committed records) and its records counted;
 * a longer one is given as end minus earliest offset, an upper bound.
 */
public final class DeadLetterDepth implements AutoCloseable {

    public static final int TIMEOUT_SECONDS = 3;
    static final int COUNTED = 10_000;

    private final Supplier<Properties> adminProperties;
    private Admin admin;

    /** @param adminProperties the jobs' Kafka connection and security as admin client properties */
    public DeadLetterDepth(Supplier<Properties> adminProperties) {
        this.adminProperties = adminProperties;
    }

    /** Records held per topic; throws when Kafka does not answer within the timeout. */
    public Map<String, Long> records(List<String> topics) throws Exception {
        Admin kafka = admin();
        Map<String, KafkaFuture<TopicDescription>> described = kafka.describeTopics(topics).topicNameValues();
        Map<String, Long> held = new HashMap<>();
        Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : topics) {
            try {
                TopicDescription description = described.get(topic).get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                held.put(topic, 0L);
                description.partitions().forEach(p -> {
                    earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                    latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
                });
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw e;
                }
                held.put(topic, 0L);
            }
        }
        if (!earliest.isEmpty()) {
            ListOffsetsResult starts = kafka.listOffsets(earliest);
            ListOffsetsResult ends = kafka.listOffsets(latest);
            Map<TopicPartition, long[]> toCount = new HashMap<>();
            for (TopicPartition partition : earliest.keySet()) {
                long start = starts.partitionResult(partition).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).offset();
                long end = ends.partitionResult(partition).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).offset();
                if (end > start && end - start <= COUNTED) {
                    toCount.put(partition, new long[] {start, end});
                } else {
                    held.merge(partition.topic(), Math.max(0, end - start), Long::sum);
                }
            }
            if (!toCount.isEmpty()) {
                count(toCount).forEach((partition, n) -> held.merge(partition.topic(), n, Long::sum));
            }
        }
        return held;
    }

    /** The committed records between the offsets of each partition, read from the start. */
    private Map<TopicPartition, Long> count(Map<TopicPartition, long[]> ranges) {
        Properties props = new Properties();
        props.putAll(adminProperties.get());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.keySet().removeIf(key -> !ConsumerConfig.configNames().contains(String.valueOf(key)));
        Map<TopicPartition, Long> counted = new HashMap<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(ranges.keySet());
            ranges.forEach((partition, range) -> {
                consumer.seek(partition, range[0]);
                counted.put(partition, 0L);
            });
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (ranges.entrySet().stream().anyMatch(e -> consumer.position(e.getKey()) < e.getValue()[1])) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("dead-letter topics not read within " + TIMEOUT_SECONDS + " s");
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(java.time.Duration.ofMillis(200))) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() < ranges.get(partition)[1]) {
                        counted.merge(partition, 1L, Long::sum);
                    }
                }
            }
        }
        return counted;
    }

    private synchronized Admin admin() {
        if (admin == null) {
            // one client for the service's lifetime: with OAUTHBEARER each new client would fetch a token
            admin = Admin.create(adminProperties.get());
        }
        return admin;
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(java.time.Duration.ofSeconds(TIMEOUT_SECONDS));
            admin = null;
        }
    }
}
