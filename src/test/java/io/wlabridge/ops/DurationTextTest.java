package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void underASecondReadsInMilliseconds() {
        assertThat(DurationText.of(Duration.ofMillis(850))).isEqualTo("850 ms");
        assertThat(DurationText.of(Duration.ZERO)).isEqualTo("0 ms");
    }

    @Test
    void underAMinuteReadsInWholeSeconds() {
        assertThat(DurationText.of(Duration.ofMillis(1_000))).isEqualTo("1 s");
        assertThat(DurationText.of(Duration.ofMillis(42_999))).isEqualTo("42 s");
    }

    @Test
    void longerDurationsReadInTheirTwoLargestUnits() {
        assertThat(DurationText.of(Duration.ofSeconds(185))).isEqualTo("3 min 5 s");
        assertThat(DurationText.of(Duration.ofMinutes(134).plusSeconds(59))).isEqualTo("2 h 14 min");
        assertThat(DurationText.of(Duration.ofHours(76).plusMinutes(30))).isEqualTo("3 d 4 h");
    }

    @Test
    void aWholeUnitLeavesTheSmallerOneOut() {
        assertThat(DurationText.of(Duration.ofMinutes(3))).isEqualTo("3 min");
        assertThat(DurationText.of(Duration.ofHours(2))).isEqualTo("2 h");
        assertThat(DurationText.of(Duration.ofDays(1))).isEqualTo("1 d");
    }

    @Test
    void aNegativeDurationFromClocksApartReadsAsZero() {
        assertThat(DurationText.of(Duration.ofSeconds(-3))).isEqualTo("0 ms");
    }
}
