package io.wlabridge.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An incident with the steps of the operators' reaction as {@code wla_incident} records them: opened, first
 * notification (the escalation topic, webhook or e-mail, whichever delivered first) and resolution.
 *
 * @param notifiedAt when the first channel delivered the opening, or null while none has
 * @param resolvedAt when a run resolved it, or null while it is open
 * @param resolvedBy the run that resolved it, or null
 */
public record IncidentTimeline(Incident incident, Instant notifiedAt, Instant resolvedAt, String resolvedBy) {

    public static final String NOT_NOTIFIED = "not notified yet";
    public static final String OPEN = "open";

    public boolean open() {
        return resolvedAt == null;
    }

    /** Opened to first notification, or null while no channel has delivered it. */
    public Duration toNotification() {
        return notifiedAt == null ? null : Duration.between(incident.openedAt(), notifiedAt);
    }

    /** Opened to resolved, or null while open. */
    public Duration toResolution() {
        return resolvedAt == null ? null : Duration.between(incident.openedAt(), resolvedAt);
    }

    /** The reaction as the overview shows it: each step's duration from the opening, or what has not happened yet. */
    public Map<String, Object> reaction(Instant now) {
        Map<String, Object> reaction = new LinkedHashMap<>();
        Duration notified = toNotification();
        Duration resolved = toResolution();
        reaction.put("notified", notified == null ? NOT_NOTIFIED : "notified after " + DurationText.of(notified));
        reaction.put("notifiedMs", notified == null ? null : notified.toMillis());
        reaction.put("resolved", resolved == null ? OPEN : "resolved after " + DurationText.of(resolved));
        reaction.put("resolvedMs", resolved == null ? null : resolved.toMillis());
        reaction.put("openFor", resolved == null ? DurationText.of(Duration.between(incident.openedAt(), now)) : null);
        return reaction;
    }
}
