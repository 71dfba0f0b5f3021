package io.wlabridge.job;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

import io.wlabridge.config.ConfigException;

/** Reads and checks a job's topic parameters; a bad value is a ConfigException naming the parameter. */
final class TopicSpecs {

    static final Set<String> CLEANUP_POLICIES = Set.of("delete", "compact", "compact,delete", "delete,compact");
    static final Set<String> COMPATIBILITY_LEVELS = Set.of("BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE", "NONE");

    private TopicSpecs() {
    }

    static TopicSpec read(Map<String, Object> p, String where, UnaryOperator<String> resolve) {
        int partitions = (int) number(p, "partitions", "3", where, resolve, 1, 100_000);
        int replication = (int) number(p, "replicationFactor", "3", where, resolve, 1, Short.MAX_VALUE);
        long retention = number(p, "retentionMs", "604800000", where, resolve, -1, Long.MAX_VALUE);
        int minIsr = (int) number(p, "minInsyncReplicas", "2", where, resolve, 1, Short.MAX_VALUE);
        if (minIsr > replication) {
            throw new ConfigException(where + "parameter 'minInsyncReplicas' " + minIsr
                    + " is larger than parameter 'replicationFactor' " + replication + ": no write with acks=all could succeed");
        }
        String cleanup = text(p, "cleanupPolicy", "delete", resolve).toLowerCase(Locale.ROOT).replace(" ", "");
        if (!CLEANUP_POLICIES.contains(cleanup)) {
            throw new ConfigException(where + "parameter 'cleanupPolicy' '" + cleanup + "' is not one of delete, compact, compact,delete");
        }
        String compatibility = text(p, "compatibility", "BACKWARD", resolve).toUpperCase(Locale.ROOT);
        if (!COMPATIBILITY_LEVELS.contains(compatibility)) {
            throw new ConfigException(where + "parameter 'compatibility' '" + compatibility
                    + "' is not a compatibility level: use BACKWARD, FORWARD, FULL, NONE or one of them with _TRANSITIVE");
        }
        return new TopicSpec(partitions, (short) replication, retention, cleanup, minIsr, compatibility);
    }

    private static long number(Map<String, Object> p, String name, String fallback, String where,
            UnaryOperator<String> resolve, long min, long max) {
        String text = text(p, name, fallback, resolve);
        try {
            long value = Long.parseLong(text);
            if (value < min || value > max) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new ConfigException(where + "parameter '" + name + "' '" + text + "' is not a whole number from "
                    + min + " to " + max);
        }
    }

    private static String text(Map<String, Object> p, String name, String fallback, UnaryOperator<String> resolve) {
        Object given = p.get(name);
        String text = given == null || given.toString().isBlank() ? fallback : resolve.apply(given.toString().trim());
        return text.trim();
    }
}
