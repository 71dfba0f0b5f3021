package io.wlabridge.job;

import java.util.Map;
import java.util.TreeMap;

/**
 * The topic and subject settings a job declares (template parameters partitions, replicationFactor, retentionMs,
 * cleanupPolicy, minInsyncReplicas, compatibility), what `provision` and `export terraform` work from.
 */
public record TopicSpec(int partitions, short replicationFactor, long retentionMs, String cleanupPolicy,
        int minInsyncReplicas, String compatibility) {

    /** The topic configs this tool manages, by Kafka config name, sorted. */
    public Map<String, String> configs() {
        Map<String, String> configs = new TreeMap<>();
        configs.put("cleanup.policy", cleanupPolicy);
        configs.put("min.insync.replicas", Integer.toString(minInsyncReplicas));
        configs.put("retention.ms", Long.toString(retentionMs));
        return configs;
    }
}
