package io.wlabridge.provision;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import io.wlabridge.registry.CompatibilityResult;
import io.wlabridge.registry.RegisteredSchema;
import io.wlabridge.registry.SchemaRegistryClient;

/** Reads what Kafka (Admin API) and the registry hold for each declaration. */
public final class ClusterState {

    private static final int TIMEOUT_SECONDS = 30;

    private final Admin admin;
    private final SchemaRegistryClient registry;

    public ClusterState(Admin admin, SchemaRegistryClient registry) {
        this.admin = admin;
        this.registry = registry;
    }

    public Map<Declared, Actual> read(List<Declared> declarations) throws Exception {
        Map<Declared, Actual> state = new LinkedHashMap<>();
        for (Declared d : declarations) {
            state.put(d, new Actual(topic(d.topic()), subject(d)));
        }
        return state;
    }

    private Actual.Topic topic(String name) throws Exception {
        TopicDescription description;
        try {
            description = admin.describeTopics(Set.of(name)).allTopicNames().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw e;
        }
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, name);
        Config config = admin.describeConfigs(Set.of(resource)).all().get(TIMEOUT_SECONDS, TimeUnit.SECONDS).get(resource);
        Map<String, String> configs = new LinkedHashMap<>();
        config.entries().forEach(entry -> configs.put(entry.name(), entry.value()));
        return new Actual.Topic(description.partitions().size(),
                description.partitions().get(0).replicas().size(), configs);
    }

    private Actual.Subject subject(Declared d) {
        Optional<String> level = registry.compatibilityLevel(d.subject());
        Optional<RegisteredSchema> registered = registry.lookup(d.subject(), d.schema());
        if (registered.isPresent()) {
            return new Actual.Subject(true, true, true, List.of(), level);
        }
        if (!registry.hasVersions(d.subject())) {
            return new Actual.Subject(false, false, true, List.of(), level);
        }
        CompatibilityResult result = registry.testCompatibilityVerbose(d.subject(), d.schema());
        return new Actual.Subject(false, true, result.compatible(), result.messages(), level);
    }
}
