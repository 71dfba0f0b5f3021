package io.wlabridge.provision;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.wlabridge.job.TopicSpec;

/** The changes that make the actual topics and subjects what the jobs declare: a pure diff, no I/O. */
public final class ProvisionPlan {

    private final List<Change> changes;

    private ProvisionPlan(List<Change> changes) {
        this.changes = List.copyOf(changes);
    }

    public static ProvisionPlan of(Map<Declared, Actual> state) {
        List<Change> changes = new ArrayList<>();
        state.forEach((declared, actual) -> {
            topic(declared, actual.topic(), changes);
            subject(declared, actual.subject(), changes);
        });
        return new ProvisionPlan(changes);
    }

    private static void topic(Declared d, Actual.Topic actual, List<Change> changes) {
        TopicSpec spec = d.spec();
        String what = "topic " + d.topic() + " (job " + d.jobId() + "): ";
        if (actual == null) {
            changes.add(new Change(Change.Kind.CREATE_TOPIC, d, null, what + "missing - will create with "
                    + spec.partitions() + " partitions, replication factor " + spec.replicationFactor()
                    + ", configs " + spec.configs(), true));
            return;
        }
        if (actual.partitions() > spec.partitions()) {
            changes.add(Change.cannot(d, what + "has " + actual.partitions() + " partitions, declared "
                    + spec.partitions() + " - Kafka cannot lower a partition count: raise the declaration or recreate the topic"));
        } else if (actual.partitions() < spec.partitions()) {
            changes.add(new Change(Change.Kind.ADD_PARTITIONS, d, null, what + "partition count lower: "
                    + actual.partitions() + " -> " + spec.partitions() + " - will increase", true));
        }
        if (actual.replicationFactor() != spec.replicationFactor()) {
            changes.add(Change.cannot(d, what + "replication factor " + actual.replicationFactor() + ", declared "
                    + spec.replicationFactor() + " - provision does not reassign replicas: use kafka-reassign-partitions"));
        }
        spec.configs().forEach((key, declared) -> {
            String value = actual.configs().get(key);
            if (!declared.equals(value)) {
                changes.add(new Change(Change.Kind.ALTER_CONFIG, d, key, what + "config drift " + key + ": " + value
                        + " -> " + declared + " - will alter", true));
            }
        });
    }

    private static void subject(Declared d, Actual.Subject actual, List<Change> changes) {
        String what = "subject " + d.subject() + " (job " + d.jobId() + "): ";
        String level = d.spec().compatibility();
        if (!actual.level().map(level::equals).orElse(false)) {
            changes.add(new Change(Change.Kind.SET_COMPATIBILITY, d, null, what + "compatibility "
                    + actual.level().orElse("not set (global level)") + " -> " + level + " - will set", true));
        }
        if (actual.registered()) {
            return;
        }
        String schema = "schema " + d.schema().getName();
        if (!actual.hasVersions()) {
            changes.add(new Change(Change.Kind.REGISTER_SCHEMA, d, null, what + schema + " not registered - will register", true));
        } else if (actual.compatible()) {
            changes.add(new Change(Change.Kind.REGISTER_SCHEMA, d, null, what + schema
                    + " not registered, compatible with the latest version - will register a new version", true));
        } else {
            changes.add(Change.cannot(d, what + schema + " is incompatible with the latest version - cannot register: "
                    + (actual.reasons().isEmpty() ? "the registry gives no reason" : String.join("; ", actual.reasons()))));
        }
    }

    public List<Change> changes() {
        return changes;
    }

    /** Whether every change can be made (no CANNOT line). */
    public boolean feasible() {
        return changes.stream().allMatch(Change::doable);
    }
}
