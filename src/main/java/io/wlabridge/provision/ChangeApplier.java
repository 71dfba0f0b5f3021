package io.wlabridge.provision;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;

import io.wlabridge.registry.SchemaRegistryClient;

/** Makes one planned change through Kafka's Admin API or the registry client. */
public final class ChangeApplier {

    private static final int TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final SchemaRegistryClient registry;

    public ChangeApplier(Admin admin, SchemaRegistryClient registry) {
        this.admin = admin;
        this.registry = registry;
    }

    public void apply(Change change) throws Exception {
        Declared d = change.declared();
        switch (change.kind()) {
            case CREATE_TOPIC -> admin.createTopics(List.of(new NewTopic(d.topic(), d.spec().partitions(),
                    d.spec().replicationFactor()).configs(d.spec().configs()))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            case ADD_PARTITIONS -> admin.createPartitions(Map.of(d.topic(), NewPartitions.increaseTo(d.spec().partitions())))
                    .all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            case ALTER_CONFIG -> {
                ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, d.topic());
                AlterConfigOp set = new AlterConfigOp(new ConfigEntry(change.key(), d.spec().configs().get(change.key())),
                        AlterConfigOp.OpType.SET);
                admin.incrementalAlterConfigs(Map.of(topic, List.of(set))).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            case SET_COMPATIBILITY -> registry.setCompatibilityLevel(d.subject(), d.spec().compatibility());
            case REGISTER_SCHEMA -> registry.register(d.subject(), d.schema());
            case NONE -> throw new IllegalStateException("nothing to apply for: " + change.line());
        }
    }
}
