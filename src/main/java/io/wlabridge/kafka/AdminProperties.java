package io.wlabridge.kafka;

import java.util.Map;
import java.util.Properties;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.kafka.clients.admin.AdminClientConfig;

/** Admin client properties from the kafka component's configuration: the same brokers and security as the jobs. */
public final class AdminProperties {

    private AdminProperties() {
    }

    public static Properties of(CamelContext context, int timeoutSeconds) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        Properties producer = kafka.getConfiguration().createProducerProperties();
        Properties admin = new Properties();
        Set<String> known = AdminClientConfig.configNames();
        for (Map.Entry<Object, Object> e : producer.entrySet()) {
            if (known.contains(String.valueOf(e.getKey()))) {
                admin.put(e.getKey(), e.getValue());
            }
        }
        // camel-kafka keeps the brokers apart from the other client properties
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getConfiguration().getBrokers());
        admin.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        admin.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutSeconds * 1000);
        return admin;
    }
}
