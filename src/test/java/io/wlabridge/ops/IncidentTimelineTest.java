package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

class IncidentTimelineTest {

    private static final Instant OPENED = Instant.parse("2026-03-02T05:30:00Z");
    private static final Incident INCIDENT = new Incident("i-1", "timetravel-daily", Incident.RUN_FAILED, "r-1", OPENED,
            "database unreachable");

    @Test
    void anOpenIncidentNobodyWasToldOfSaysSo() {
        IncidentTimeline timeline = new IncidentTimeline(INCIDENT, null, null, null);

        Map<String, Object> reaction = timeline.reaction(OPENED.plusSeconds(600));

        assertThat(timeline.open()).isTrue();
        assertThat(reaction).containsEntry("notified", "not notified yet").containsEntry("notifiedMs", null)
                .containsEntry("resolved", "open").containsEntry("resolvedMs", null).containsEntry("openFor", "10 min");
    }

    @Test
    void aNotifiedOpenIncidentHasItsTimeToNotification() {
        IncidentTimeline timeline = new IncidentTimeline(INCIDENT, OPENED.plusMillis(1_500), null, null);

        Map<String, Object> reaction = timeline.reaction(OPENED.plusSeconds(75));

        assertThat(reaction).containsEntry("notified", "notified after 1 s").containsEntry("notifiedMs", 1_500L)
                .containsEntry("resolved", "open").containsEntry("openFor", "1 min 15 s");
    }

    @Test
    void aResolvedIncidentMeasuresBothStepsFromItsOpening() {
        IncidentTimeline timeline = new IncidentTimeline(INCIDENT, OPENED.plusSeconds(2), OPENED.plusSeconds(3_720),
                "r-2");

        Map<String, Object> reaction = timeline.reaction(OPENED.plusSeconds(86_400));

        assertThat(timeline.open()).isFalse();
        assertThat(reaction).containsEntry("notified", "notified after 2 s").containsEntry("notifiedMs", 2_000L)
                .containsEntry("resolved", "resolved after 1 h 2 min").containsEntry("resolvedMs", 3_720_000L)
                .containsEntry("openFor", null);
    }

    @Test
    void anIncidentResolvedBeforeAnyChannelDeliveredIsStillNotNotified() {
        IncidentTimeline timeline = new IncidentTimeline(INCIDENT, null, OPENED.plusSeconds(30), "r-2");

        assertThat(timeline.reaction(OPENED.plusSeconds(60))).containsEntry("notified", "not notified yet")
                .containsEntry("resolved", "resolved after 30 s");
    }
}
