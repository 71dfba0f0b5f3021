package io.wlabridge.ops;

import java.time.Duration;

/**
 * A duration as the overview shows it: its two largest units, rounded down ("850 ms", "42 s", "3 min 5 s",
 * "2 h 14 min", "3 d 4 h"). A negative duration (clocks of two instances apart) reads as "0 ms".
 */
public final class DurationText {

    private DurationText() {
    }

    public static String of(Duration duration) {
        Duration d = duration.isNegative() ? Duration.ZERO : duration;
        if (d.compareTo(Duration.ofSeconds(1)) < 0) {
            return d.toMillis() + " ms";
        }
        if (d.compareTo(Duration.ofMinutes(1)) < 0) {
            return d.toSeconds() + " s";
        }
        if (d.compareTo(Duration.ofHours(1)) < 0) {
            return pair(d.toMinutes(), "min", d.toSecondsPart(), "s");
        }
        if (d.compareTo(Duration.ofDays(1)) < 0) {
            return pair(d.toHours(), "h", d.toMinutesPart(), "min");
        }
        return pair(d.toDays(), "d", d.toHoursPart(), "h");
    }

    private static String pair(long large, String largeUnit, int small, String smallUnit) {
        return large + " " + largeUnit + (small == 0 ? "" : " " + small + " " + smallUnit);
    }
}
