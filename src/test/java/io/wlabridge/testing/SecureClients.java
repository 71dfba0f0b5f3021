package io.wlabridge.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.wlabridge.config.ConfigOption;
import io.wlabridge.kafka.KafkaSecurity;

/** Plain Kafka clients whose security comes only from {@code wla.kafka.*} settings through {@link KafkaSecurity}. */
public final class SecureClients {

    private SecureClients() {
    }

    public static Map<String, Object> clientConfig(String bootstrap, Map<String, String> settings) {
        Map<String, Object> config = new HashMap<>(KafkaSecurity.clientProperties(
                (ConfigOption option) -> settings.getOrDefault(option.name(), option.defaultValue())));
        config.put("bootstrap.servers", bootstrap);
        return config;
    }

    /** Sends one record and waits for its acknowledgement; fails with what Kafka said. */
    public static void produce(String bootstrap, Map<String, String> settings, String topic, String key, String value)
            throws Exception {
        try (KafkaProducer<String, String> producer = producer(bootstrap, settings, Map.of())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    /** A producer with short timeouts, {@code extra} client settings on top. */
    public static KafkaProducer<String, String> producer(String bootstrap, Map<String, String> settings,
            Map<String, Object> extra) {
        Map<String, Object> config = clientConfig(bootstrap, settings);
        config.put("max.block.ms", "15000");
        config.put("delivery.timeout.ms", "15000");
        config.put("request.timeout.ms", "10000");
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    /** Reads the one-partition {@code topic} from the beginning until {@code count} records arrived. */
    public static List<ConsumerRecord<String, String>> consume(String bootstrap, Map<String, String> settings,
            String topic, int count) {
        Map<String, Object> config = clientConfig(bootstrap, settings);
        config.put("client.id", "test-" + UUID.randomUUID());
        config.put("enable.auto.commit", "false");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            while (records.size() < count && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
