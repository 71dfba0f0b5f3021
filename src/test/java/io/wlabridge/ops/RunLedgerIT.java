package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.JobSteps;
import io.wlabridge.testing.Postgres;

/** wla_run on PostgreSQL: where a run ran, the fire it belongs to, and what an abandoned run had sent. */
class RunLedgerIT {

    private static final JobDefinition JOB = new JobDefinition("job-a", "routes/job-a.camel.yaml", "0 0 5 * * ?",
            "topic-a", null, "id", List.of("id"), null, null);

    @Test
    void anAbandonedRunKeepsWhatItHadSentAndSharesItsFireWithTheRunThatRecoveredIt() throws Exception {
        Postgres db = new Postgres();
        try (HikariDataSource pool = pool(db)) {
            BridgeTables.create(pool);
            anAbandonedRunKeepsWhatItHadSent(db, new RunLedger(pool));
        }
    }

    /** As the bridge's pool is (app/DataSources): no auto-commit. */
    private static HikariDataSource pool(Postgres db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(Postgres.USER);
        config.setAutoCommit(false);
        config.setMaximumPoolSize(2);
        return new HikariDataSource(config);
    }

    private static void anAbandonedRunKeepsWhatItHadSent(Postgres db, RunLedger ledger) {
        Instant fire = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        JobRun dead = new JobRun(JOB, "schedule", LocalDate.of(2026, 12, 2), fire, "agent-host-1");
        ledger.started(dead);
        for (int i = 0; i < 3; i++) {
            db.execute("INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) VALUES ('job-a', 'e" + i + "', '"
                    + dead.runId() + "', 'topic-a', CURRENT_TIMESTAMP)");
        }
        // and a chunk of two (the bridge records chunks since session 15; per-id rows are from before)
        db.execute("INSERT INTO wla_sent_chunk (job_id, chunk_id, run_id, topic, sent_at, id_count, ids) VALUES ('job-a', '"
                + dead.runId() + "/0', '" + dead.runId() + "', 'topic-a', CURRENT_TIMESTAMP, 2, decode('00', 'hex'))");

        JobRun recovered = new JobRun(JOB, JobSteps.RECOVERED, LocalDate.of(2026, 12, 2), fire, "agent-host-2");
        ledger.started(recovered);

        assertThat(db.count("SELECT COUNT(*) FROM wla_run WHERE run_id = '" + dead.runId() + "' AND outcome = 'FAILED'"
                + " AND rows_sent = 5 AND instance_id = 'agent-host-1' AND error LIKE 'abandoned:%" + recovered.runId() + "'")).isEqualTo(1);
        assertThat(ledger.byId(recovered.runId())).hasValueSatisfying(run -> {
            assertThat(run.instance()).isEqualTo("agent-host-2");
            assertThat(run.fireTime()).isEqualTo(fire);
        });
        assertThat(db.count("SELECT COUNT(DISTINCT fire_time) FROM wla_run")).isEqualTo(1);
    }
}
