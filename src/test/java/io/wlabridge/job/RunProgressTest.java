package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RunProgressTest {

    private static final JobDefinition JOB = new JobDefinition("job-a", "routes/job-a.camel.yaml", "0 0 5 * * ?",
            "topic-a", null, "id", List.of("id"), null, null);

    private final ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1);

    @AfterEach
    void stop() {
        timer.shutdownNow();
    }

    @Test
    void aRunningRunReportsItsCountsAndRateAtTheIntervalUntilItEnds() throws Exception {
        JobRun run = new JobRun(JOB, "test", LocalDate.of(2026, 3, 2));
        for (int i = 0; i < 5; i++) {
            run.countRead();
        }
        run.countFiltered();
        run.countSent(3);
        run.countDeadLettered();
        List<String> lines = new CopyOnWriteArrayList<>();

        RunProgress.report(run, Duration.ofMillis(20), timer, lines::add);

        await().atMost(Duration.ofSeconds(10)).until(() -> lines.size() >= 2);
        assertThat(lines.get(0)).startsWith("read=5 not-selected=1 sent=3 already-sent=0 dead-lettered=1 rate=")
                .contains(" rows/s elapsed=");
        run.finish();
        int reported = lines.size();
        // a marker scheduled after two more intervals: once it ran, a still-scheduled report would have run too
        timer.schedule(() -> { }, 60, TimeUnit.MILLISECONDS).get(10, TimeUnit.SECONDS);
        assertThat(lines.size()).as("no lines after the run ended").isLessThanOrEqualTo(reported + 1);
    }

    @Test
    void zeroIntervalSchedulesNothing() {
        JobRun run = new JobRun(JOB, "test", LocalDate.of(2026, 3, 2));
        RunProgress.report(run, Duration.ZERO, timer, line -> { });
        assertThat(timer.getQueue()).as("no progress task scheduled").isEmpty();
        RunProgress.report(run, Duration.ofMinutes(1), timer, line -> { });
        assertThat(timer.getQueue()).as("a positive interval schedules one").hasSize(1);
    }

    @Test
    void rateIsRowsReadPerSecondOfTheRun() {
        JobRun run = new JobRun(JOB, "test", LocalDate.of(2026, 3, 2));
        for (int i = 0; i < 4000; i++) {
            run.countRead();
        }
        assertThat(RunProgress.line(run, run.started().plusSeconds(2))).contains("rate=2000 rows/s elapsed=2s");
    }
}
