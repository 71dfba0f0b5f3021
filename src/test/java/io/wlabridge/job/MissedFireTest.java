package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class MissedFireTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String WORKDAYS_0530 = "0 30 5 ? * MON-FRI";
    /** Tuesday 2026-11-24, 09:00 in Berlin. */
    private static final Instant NOW = ZonedDateTime.of(2026, 11, 24, 9, 0, 0, 0, BERLIN).toInstant();
    private static final Instant TODAY_0530 = ZonedDateTime.of(2026, 11, 24, 5, 30, 0, 0, BERLIN).toInstant();

    @Test
    void lastRunBeforeTodaysFireMeansTodaysFireWasMissed() {
        Instant yesterday = TODAY_0530.minusSeconds(24 * 3600);

        assertThat(MissedFire.of(WORKDAYS_0530, BERLIN, yesterday, NOW)).contains(TODAY_0530);
    }

    @Test
    void runAfterTheLastFireMeansNothingWasMissed() {
        assertThat(MissedFire.of(WORKDAYS_0530, BERLIN, TODAY_0530.plusSeconds(1), NOW)).isEmpty();
    }

    @Test
    void aJobThatNeverRanHasNothingToCatchUp() {
        assertThat(MissedFire.of(WORKDAYS_0530, BERLIN, null, NOW)).isEmpty();
    }

    @Test
    void severalMissedFiresRunOnceForTheLatest() {
        Instant lastWeekFriday = ZonedDateTime.of(2026, 11, 20, 5, 30, 1, 0, BERLIN).toInstant();

        assertThat(MissedFire.of(WORKDAYS_0530, BERLIN, lastWeekFriday, NOW)).contains(TODAY_0530);
    }

    @Test
    void theCronTimeZoneDecides() {
        // 05:30 in New York is 11:30 in Berlin: not yet due at 09:00 Berlin; Monday's fire is the last one
        Instant mondayNewYork = ZonedDateTime.of(2026, 11, 23, 5, 30, 0, 0, ZoneId.of("America/New_York")).toInstant();

        assertThat(MissedFire.of(WORKDAYS_0530, ZoneId.of("America/New_York"), mondayNewYork.minusSeconds(60), NOW))
                .contains(mondayNewYork);
    }
}
