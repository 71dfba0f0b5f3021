package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.junit.jupiter.api.Test;

class DeadlineCheckTest {

    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final String WORKDAYS_0530 = "0 30 5 ? * MON-FRI";
    /** Monday 2026-11-23 07:00 Berlin: the checkpoint of "0 0 7 ? * MON-FRI". */
    private static final Instant MONDAY_0700 = at(2026, 11, 23, 7, 0);

    @Test
    void runThatSucceededAfterTheFireMeetsTheDeadline() {
        assertThat(DeadlineCheck.missed(WORKDAYS_0530, BERLIN, MONDAY_0700, at(2026, 11, 23, 5, 30))).isFalse();
    }

    @Test
    void lastSuccessBeforeTheFireMissesTheDeadline() {
        // Friday's run does not count for Monday
        assertThat(DeadlineCheck.missed(WORKDAYS_0530, BERLIN, MONDAY_0700, at(2026, 11, 20, 5, 30))).isTrue();
    }

    @Test
    void jobThatNeverSucceededMissesTheDeadline() {
        assertThat(DeadlineCheck.missed(WORKDAYS_0530, BERLIN, MONDAY_0700, null)).isTrue();
    }

    @Test
    void lateSuccessCountsForACheckAfterIt() {
        // a second check of the same checkpoint after the late run finds the deadline met: it does not reopen
        assertThat(DeadlineCheck.missed(WORKDAYS_0530, BERLIN, MONDAY_0700, at(2026, 11, 23, 8, 15))).isFalse();
    }

    @Test
    void lastFireBeforeACheckpointOnMondaySkipsTheWeekend() {
        assertThat(DeadlineCheck.lastFireBefore(WORKDAYS_0530, BERLIN, at(2026, 11, 23, 5, 0)))
                .contains(at(2026, 11, 20, 5, 30));
    }

    @Test
    void jobWithoutAFireInTheLookBackHasNothingToMiss() {
        assertThat(DeadlineCheck.missed("0 0 0 1 1 ? 2099", BERLIN, MONDAY_0700, null)).isFalse();
    }

    @Test
    void cronThatFiresEverySecondFindsTheLastSecond() {
        Instant checkpoint = Instant.parse("2026-11-23T06:00:10Z");
        assertThat(DeadlineCheck.lastFireBefore("* * * * * ?", BERLIN, checkpoint)).contains(checkpoint.minusSeconds(1));
    }

    private static Instant at(int year, int month, int day, int hour, int minute) {
        return ZonedDateTime.of(year, month, day, hour, minute, 0, 0, BERLIN).toInstant();
    }
}
