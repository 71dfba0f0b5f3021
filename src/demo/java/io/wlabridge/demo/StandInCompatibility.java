package io.wlabridge.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;

/**
 * Confluent compatibility levels (docs/contracts/schema-registry.md §8), decided by Avro's own {@link SchemaCompatibility}.
 * BACKWARD: the new schema reads data written with the old one; FORWARD: the old schema reads data written with the new.
 */
enum StandInCompatibility {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    StandInCompatibility(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** Case-insensitive; an unknown level is a 422/42203. */
    static StandInCompatibility parse(String level) {
        for (StandInCompatibility value : values()) {
            if (value.name().equalsIgnoreCase(level == null ? "" : level.trim())) {
                return value;
            }
        }
        throw new StandInError(422, 42203, "Invalid compatibility level. Valid values are none, backward, forward, full,"
                + " backward_transitive, forward_transitive, and full_transitive");
    }

    /**
     * Incompatibilities of {@code candidate} with the live versions (version number to schema): the latest one only,
     * or all of them for *_TRANSITIVE levels. Empty means compatible.
     */
    List<String> checkAgainstHistory(Schema candidate, NavigableMap<Integer, Schema> history) {
        Map<Integer, Schema> against = transitive || history.isEmpty() ? history : history.tailMap(history.lastKey(), true);
        List<String> messages = new ArrayList<>();
        against.forEach((version, previous) -> messages.addAll(check(candidate, previous, version)));
        return messages;
    }

    /** Incompatibilities of {@code candidate} with one registered version. */
    List<String> check(Schema candidate, Schema previous, int previousVersion) {
        List<String> messages = new ArrayList<>();
        if (backward) {
            messages.addAll(incompatibilities(candidate, previous, previousVersion));
        }
        if (forward) {
            messages.addAll(incompatibilities(previous, candidate, previousVersion));
        }
        return messages;
    }

    private static List<String> incompatibilities(Schema reader, Schema writer, int version) {
        return SchemaCompatibility.checkReaderWriterCompatibility(reader, writer).getResult().getIncompatibilities().stream()
                .map(problem -> String.format(Locale.ROOT,
                        "{errorType:'%s', description:'%s', location:'%s', oldSchemaVersion: %d}",
                        problem.getType(), problem.getMessage(), problem.getLocation(), version))
                .toList();
    }
}
