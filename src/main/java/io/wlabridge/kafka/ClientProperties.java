package io.wlabridge.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Plain kafka-clients producer and consumer properties from the kafka component's configuration, so code that talks
 * to Kafka outside a route (the HTTP bridge) uses the same brokers, acks, idempotence and security as the jobs.
 * Keys and values are bytes.
 */
public final class ClientProperties {

    private ClientProperties() {
    }

    public static Properties producer(CamelContext context, String clientId) {
        Properties props = filtered(context, ProducerConfig.configNames());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    /** A consumer without group: it is assigned partitions and seeks, commits nothing. */
    public static Properties consumer(CamelContext context, String clientId) {
        Properties props = filtered(context, ConsumerConfig.configNames());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return props;
    }

    private static Properties filtered(CamelContext context, Set<String> known) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        Properties producer = kafka.getConfiguration().createProducerProperties();
        Properties props = new Properties();
        for (Map.Entry<Object, Object> e : producer.entrySet()) {
            if (known.contains(String.valueOf(e.getKey()))) {
                props.put(e.getKey(), e.getValue());
            }
        }
        // camel-kafka keeps the brokers apart from the other client properties
        props.put("bootstrap.servers", kafka.getConfiguration().getBrokers());
        return props;
    }
}
