package io.wlabridge.job;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A progress line of a run that is still going, at a steady interval (wla.job.progress-interval-ms), so a run of
 * minutes is not silent until its end: rows read, not selected, sent, already sent, dead-lettered, and the read rate.
 */
public final class RunProgress {

    private static final Logger LOG = LoggerFactory.getLogger(RunProgress.class);
    /** One daemon thread for every run's progress lines: they only read counters. */
    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "wla-progress");
        thread.setDaemon(true);
        return thread;
    });

    private RunProgress() {
    }

    /** Logs the run's progress every {@code every} until it ends (nothing when {@code every} is zero). */
    static void report(JobRun run, Duration every) {
        report(run, every, TIMER, line -> LOG.info("job {} run {} progress: {}", run.jobId(), run.runId(), line));
    }

    static void report(JobRun run, Duration every, ScheduledExecutorService timer, Consumer<String> sink) {
        if (every.isZero() || every.isNegative()) {
            return;
        }
        ScheduledFuture<?> task = timer.scheduleAtFixedRate(() -> sink.accept(line(run, Instant.now())),
                every.toMillis(), every.toMillis(), TimeUnit.MILLISECONDS);
        run.onEnd(() -> task.cancel(false));
    }

    /** e.g. {@code read=120000 not-selected=119000 sent=800 already-sent=0 dead-lettered=2 rate=40000 rows/s elapsed=3s}. */
    static String line(JobRun run, Instant now) {
        long millis = Math.max(1, Duration.between(run.started(), now).toMillis());
        return "read=" + run.read() + " not-selected=" + run.filtered() + " sent=" + run.sent() + " already-sent="
                + run.alreadySent() + " dead-lettered=" + run.deadLettered() + " rate=" + (run.read() * 1000 / millis)
                + " rows/s elapsed=" + (millis / 1000) + "s";
    }
}
