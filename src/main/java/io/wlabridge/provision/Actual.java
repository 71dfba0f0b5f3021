package io.wlabridge.provision;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** What the cluster and the registry hold for one declaration, as read before planning. */
public record Actual(Topic topic, Subject subject) {

    /** An existing topic; null in {@link Actual#topic()} when it does not exist. */
    public record Topic(int partitions, int replicationFactor, Map<String, String> configs) {
    }

    /**
     * @param registered    the declared schema is among the subject's versions
     * @param hasVersions   the subject has any version
     * @param compatible    the declared schema could be registered (meaningful when registered is false)
     * @param reasons       the registry's explanation when it could not
     * @param level         the subject's own compatibility level, empty when it follows the global one
     */
    public record Subject(boolean registered, boolean hasVersions, boolean compatible, List<String> reasons,
            Optional<String> level) {
    }
}
