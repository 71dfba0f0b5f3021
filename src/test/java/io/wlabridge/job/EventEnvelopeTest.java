package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Record keys by strategy, and CloudEvents headers as the Kafka protocol binding's binary mode names them. */
class EventEnvelopeTest {

    private static final Instant TIME = Instant.parse("2026-11-23T04:30:00.123Z");

    @Test
    void keyStrategies() {
        assertThat(new EventEnvelope(EventEnvelope.Keys.COLUMN, null, false, "t", "s").key("CLAIMS")).isEqualTo("CLAIMS");
        assertThat(new EventEnvelope(EventEnvelope.Keys.COLUMN, null, false, "t", "s").key(42)).isEqualTo("42");
        assertThat(new EventEnvelope(EventEnvelope.Keys.STATIC, "all", false, "t", "s").key("CLAIMS")).isEqualTo("all");
        assertThat(new EventEnvelope(EventEnvelope.Keys.NONE, null, false, "t", "s").key("CLAIMS")).isNull();
    }

    @Test
    void cloudEventsHeadersInBinaryMode() {
        EventEnvelope envelope = new EventEnvelope(EventEnvelope.Keys.COLUMN, null, true,
                "io.wlabridge.events.timetravel.TimeTravelDeviation", "/wla-bridge/timetravel-daily");

        Map<String, String> headers = envelope.headers("CLAIMS|ACC|2026-11-23|2026-12-30", TIME, "CLAIMS",
                "http://registry:8081/subjects/acc.timetravel.deviations-value/versions/3");

        assertThat(headers).containsExactly(
                Map.entry("ce_specversion", "1.0"),
                Map.entry("ce_id", "CLAIMS|ACC|2026-11-23|2026-12-30"),
                Map.entry("ce_source", "/wla-bridge/timetravel-daily"),
                Map.entry("ce_type", "io.wlabridge.events.timetravel.TimeTravelDeviation"),
                Map.entry("ce_time", "2026-11-23T04:30:00.123Z"),
                Map.entry("ce_subject", "CLAIMS"),
                Map.entry("ce_dataschema", "http://registry:8081/subjects/acc.timetravel.deviations-value/versions/3"),
                Map.entry("content-type", "application/avro"));
        assertThat(envelope.headers("id", TIME, null, null)).doesNotContainKeys("ce_subject", "ce_dataschema");
    }
}
