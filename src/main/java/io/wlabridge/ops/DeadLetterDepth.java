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
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * How many records a dead-letter topic holds: per partition its end offset minus its earliest offset (Kafka Admin
 * API). That counts what was dead-lettered and is still retained; a record that {@code replay} re-sent stays on the
 * topic until retention removes it, so this is the most that can wait there. A topic that does not exist holds 0.
 */
public final class DeadLetterDepth implements AutoCloseable {

    static final int TIMEOUT_SECONDS = 3;

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
            for (TopicPartition partition : earliest.keySet()) {
                long start = starts.partitionResult(partition).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).offset();
                long end = ends.partitionResult(partition).get(TIMEOUT_SECONDS, TimeUnit.SECONDS).offset();
                held.merge(partition.topic(), Math.max(0, end - start), Long::sum);
            }
        }
        return held;
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
