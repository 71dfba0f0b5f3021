package io.wlabridge.ops;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.TimeZone;

import org.quartz.CronExpression;

/**
 * Whether a job missed its deadline at a checkpoint. Pure: the job's cron, its time zone, the checkpoint and the start
 * of the job's latest successful run. The deadline is missed when no successful run started since the job's last
 * scheduled fire before the checkpoint; a job without a fire in the look-back has nothing to miss.
 */
public final class DeadlineCheck {

    /** Widening windows to find the last fire before a checkpoint (Quartz cannot step backwards). */
    private static final List<Duration> LOOK_BACK = List.of(Duration.ofMinutes(1), Duration.ofHours(1),
            Duration.ofDays(1), Duration.ofDays(35), Duration.ofDays(400));

    private DeadlineCheck() {
    }

    public static boolean missed(String jobCron, ZoneId zone, Instant checkpoint, Instant lastSuccessStart) {
        Optional<Instant> due = lastFireBefore(jobCron, zone, checkpoint);
        return due.isPresent() && (lastSuccessStart == null || lastSuccessStart.isBefore(due.get()));
    }

    /** The job's last scheduled fire strictly before the checkpoint, if any in the last 400 days. */
    public static Optional<Instant> lastFireBefore(String cron, ZoneId zone, Instant checkpoint) {
        CronExpression expression = cron(cron, zone);
        for (Duration window : LOOK_BACK) {
            Instant last = null;
            Date next = expression.getNextValidTimeAfter(Date.from(checkpoint.minus(window)));
            while (next != null && next.toInstant().isBefore(checkpoint)) {
                last = next.toInstant();
                next = expression.getNextValidTimeAfter(next);
            }
            if (last != null) {
                return Optional.of(last);
            }
        }
        return Optional.empty();
    }

    static CronExpression cron(String cron, ZoneId zone) {
        try {
            CronExpression expression = new CronExpression(cron);
            expression.setTimeZone(TimeZone.getTimeZone(zone));
            return expression;
        } catch (java.text.ParseException e) {
            throw new IllegalArgumentException("cron '" + cron + "': " + e.getMessage(), e);
        }
    }
}
