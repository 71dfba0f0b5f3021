package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.ops.BridgeTables;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/** The service catches up a fire it missed while it was down, once, through the job's scheduler. */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class MissedFireIT {


    @Test
    void serviceStartRunsAJobWhoseDailyFirePassedWhileItWasDown() throws Exception {
        JobFixture job = new JobFixture(SchemaRegistry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        BridgeTables.create(job.db.dataSource());
        lastRunStarted(job, Instant.now().minus(3, ChronoUnit.DAYS));

        // every day at midnight: today's fire passed after the last run three days ago
        Options service = Options.parse().withOverrides(job.settings(Map.of("wla.timetravel.cron", "0 0 0 * * ?")));
        try (BridgeMain bridge = new BridgeMain(service)) {
            var next = bridge.setup().runs().nextRunOf(JobFixture.JOB);
            bridge.start();
            JobRun run = next.get(60, TimeUnit.SECONDS);

            assertThat(run.trigger()).isEqualTo("missed-fire");
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.sent()).isEqualTo(1);
        }
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE trigger_type = 'missed-fire'")).isEqualTo(1);
    }

    private static void lastRunStarted(JobFixture job, Instant started) throws Exception {
        try (Connection c = job.db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO wla_run (run_id, job_id, trigger_type, run_date, started_at, ended_at, outcome)"
                        + " VALUES ('earlier', ?, 'schedule', CURRENT_DATE - 3, ?, ?, 'SUCCEEDED')")) {
            ps.setString(1, JobFixture.JOB);
            ps.setTimestamp(2, Timestamp.from(started));
            ps.setTimestamp(3, Timestamp.from(started.plusSeconds(5)));
            ps.executeUpdate();
        }
    }
}
