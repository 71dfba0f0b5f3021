package io.wlabridge.job;

import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.Optional;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * Whether a job missed its last scheduled fire while the service was down. Pure: the cron, the time of the job's
 * last run in the ledger and now. A job that never ran on this database has nothing to catch up (a first
 * installation does not fire at once); a fire older than the look-back is left alone.
 */
public final class MissedFire {

    /** How far back a missed fire is still caught up. */
    public static final int LOOK_BACK_DAYS = 7;

    private MissedFire() {
    }

    public static Optional<Instant> of(String cron, ZoneId zone, Instant lastRunStart, Instant now) {
        if (lastRunStart == null) {
            return Optional.empty();
        }
        CronExpression expression;
        try {
            expression = new CronExpression(cron);
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("cron '" + cron + "': " + e.getMessage(), e);
        }
        expression.setTimeZone(TimeZone.getTimeZone(zone));
        Instant lastFire = null;
        Date next = expression.getNextValidTimeAfter(Date.from(now.minus(LOOK_BACK_DAYS, ChronoUnit.DAYS)));
        while (next != null && !next.toInstant().isAfter(now)) {
            lastFire = next.toInstant();
            next = expression.getNextValidTimeAfter(next);
        }
        return lastFire != null && lastRunStart.isBefore(lastFire) ? Optional.of(lastFire) : Optional.empty();
    }
}
