package io.wlabridge.ops;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.JobRun;
import io.wlabridge.job.JobSteps;
import io.wlabridge.job.RunObserver;

/** Writes every run to table {@code wla_run}: the single record of what ran, when, and how it ended. */
public final class RunLedger implements RunObserver {

    private static final Logger LOG = LoggerFactory.getLogger(RunLedger.class);

    private final DataSource dataSource;

    public RunLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Records the run as RUNNING; a recovered fire first closes the runs its dead instance left unfinished. */
    @Override
    public void started(JobRun run) {
        if (JobSteps.RECOVERED.equals(run.trigger())) {
            abandonUnfinished(run);
        }
        write(run, "INSERT INTO wla_run (run_id, job_id, trigger_type, run_date, started_at, outcome, instance_id, fire_time)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)", ps -> {
                    ps.setString(1, run.runId());
                    ps.setString(2, run.jobId());
                    ps.setString(3, run.trigger());
                    ps.setDate(4, Date.valueOf(run.runDate()));
                    ps.setTimestamp(5, Timestamp.from(run.started()));
                    ps.setString(6, run.outcome().name());
                    ps.setString(7, run.instance());
                    ps.setTimestamp(8, run.fireTime() == null ? null : Timestamp.from(run.fireTime()));
                });
    }

    @Override
    public void ended(JobRun run) {
        write(run, "UPDATE wla_run SET ended_at = ?, outcome = ?, rows_read = ?, rows_filtered = ?, rows_sent = ?,"
                + " rows_already_sent = ?, rows_dead_lettered = ?, error = ? WHERE run_id = ?", ps -> {
                    ps.setTimestamp(1, Timestamp.from(run.ended()));
                    ps.setString(2, run.outcome().name());
                    ps.setLong(3, run.read());
                    ps.setLong(4, run.filtered());
                    ps.setLong(5, run.sent());
                    ps.setLong(6, run.alreadySent());
                    ps.setLong(7, run.deadLettered());
                    String error = run.failure();
                    ps.setString(8, error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
                    ps.setString(9, run.runId());
                });
    }

    /**
     * Closes the job's unfinished runs as FAILED when a cluster instance recovers a fire: the instance that was running
     * them died (clustered, a job never runs twice at once, so an unfinished run of a service instance is orphaned).
     * Its rows_sent becomes what wla_sent_chunk (and wla_sent) record as sent by it. One-shot `run` processes run outside the cluster and
     * are left alone.
     */
    public void abandonUnfinished(JobRun recovered) {
        write(recovered, "UPDATE wla_run SET ended_at = ?, outcome = 'FAILED', error = ?, rows_sent = (SELECT COUNT(*)"
                + " FROM wla_sent WHERE wla_sent.run_id = wla_run.run_id) + (SELECT COALESCE(SUM(id_count), 0)"
                + " FROM wla_sent_chunk WHERE wla_sent_chunk.run_id = wla_run.run_id) WHERE job_id = ? AND ended_at IS NULL"
                + " AND run_id <> ? AND trigger_type <> 'command-line'", ps -> {
                    ps.setTimestamp(1, Timestamp.from(recovered.started()));
                    ps.setString(2, "abandoned: the instance running it stopped; its fire was recovered by run "
                            + recovered.runId());
                    ps.setString(3, recovered.jobId());
                    ps.setString(4, recovered.runId());
                });
    }

    /** When the job's latest run started, or null if it never ran on this database. */
    public java.time.Instant lastStart(String jobId) {
        return latestStart(jobId, "");
    }

    /** When the job's latest run that did not fail started, or null. */
    public java.time.Instant lastSuccessStart(String jobId) {
        return latestStart(jobId, " AND outcome IN ('SUCCEEDED', 'SUCCEEDED_WITH_DEAD_LETTERS')");
    }

    private java.time.Instant latestStart(String jobId, String condition) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT MAX(started_at) FROM wla_run WHERE job_id = ?" + condition)) {
            ps.setString(1, jobId);
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                Timestamp last = rs.next() ? rs.getTimestamp(1) : null;
                connection.rollback();
                return last == null ? null : last.toInstant();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the run ledger (wla_run): " + e.getMessage()
                    + " - check wla.datasource.url and that the database is reachable", e);
        }
    }

    /** The job's latest run as the ledger has it (any instance answers the same), or null if it never ran. */
    public LedgerRun last(String jobId) {
        List<LedgerRun> last = recent(jobId, 1);
        return last.isEmpty() ? null : last.get(0);
    }

    /** One run by its id, if the ledger has it. */
    public java.util.Optional<LedgerRun> byId(String runId) {
        return select("WHERE run_id = ?", runId, 1).stream().findFirst();
    }

    /** How many runs of the job the ledger holds, all or those with {@code outcome}. */
    public long runs(String jobId, String outcome) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT COUNT(*) FROM wla_run WHERE job_id = ?" + (outcome == null ? "" : " AND outcome = ?"))) {
            ps.setString(1, jobId);
            if (outcome != null) {
                ps.setString(2, outcome);
            }
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the run ledger (wla_run): " + e.getMessage()
                    + " - check wla.datasource.url and that the database is reachable", e);
        }
    }

    /** The job's latest {@code limit} runs, newest first. */
    public List<LedgerRun> recent(String jobId, int limit) {
        return select("WHERE job_id = ?", jobId, limit);
    }

    private List<LedgerRun> select(String where, String value, int limit) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT run_id, trigger_type, started_at, ended_at, outcome, rows_read, rows_filtered, rows_sent,"
                        + " rows_already_sent, rows_dead_lettered, error, instance_id, fire_time FROM wla_run " + where
                        + " ORDER BY started_at DESC, run_id")) {
            ps.setString(1, value);
            ps.setMaxRows(limit);
            List<LedgerRun> runs = new ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Timestamp ended = rs.getTimestamp(4);
                    Timestamp fired = rs.getTimestamp(13);
                    runs.add(new LedgerRun(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                            ended == null ? null : ended.toInstant(), rs.getString(5), rs.getLong(6), rs.getLong(7),
                            rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getString(11), rs.getString(12),
                            fired == null ? null : fired.toInstant()));
                }
                connection.rollback();
                return runs;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the run ledger (wla_run): " + e.getMessage(), e);
        }
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void write(JobRun run, String sql, Binder binder) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement(sql)) {
                binder.bind(ps);
                ps.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            // the run itself goes on (or has ended); its outcome is in the log and the escalation
            LOG.warn("job {} run {}: cannot write the run ledger: {}", run.jobId(), run.runId(), e.getMessage());
        }
    }
}
