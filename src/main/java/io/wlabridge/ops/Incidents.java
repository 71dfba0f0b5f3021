package io.wlabridge.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Table {@code wla_incident}: opens at most one incident per job and cause (the unique {@code open_key} makes a second
 * open a no-op, also across instances), records when it was notified and resolves a job's open incidents.
 */
public final class Incidents {

    private static final Logger LOG = LoggerFactory.getLogger(Incidents.class);

    private final DataSource dataSource;

    public Incidents(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Opens an incident; empty when one of the same job and cause is already open (or the table is unreachable). */
    public Optional<Incident> open(String jobId, String cause, String runId, String detail) {
        Incident incident = new Incident(UUID.randomUUID().toString(), jobId, cause, runId, Instant.now(),
                detail == null ? null : detail.substring(0, Math.min(detail.length(), 2000)));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO wla_incident (incident_id, job_id,"
                    + " cause, open_key, run_id, opened_at, detail) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                String openKey = jobId + ":" + cause;
                ps.setString(1, incident.incidentId());
                ps.setString(2, jobId);
                ps.setString(3, cause);
                ps.setString(4, openKey);
                ps.setString(5, runId);
                ps.setTimestamp(6, Timestamp.from(incident.openedAt()));
                ps.setString(7, incident.detail());
                ps.executeUpdate();
                connection.commit();
                return Optional.of(incident);
            } catch (SQLException e) {
                connection.rollback();
                if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                    // unique open_key: this job already has an open incident of this cause
                    return Optional.empty();
                }
                throw e;
            }
        } catch (SQLException e) {
            LOG.warn("job {}: cannot record {} incident in wla_incident: {}", jobId, cause, e.getMessage());
            return Optional.empty();
        }
    }

    /** Records when the operators were first told (by the escalation topic, the webhook or e-mail, whichever came first). */
    public void notified(String incidentId) {
        update("UPDATE wla_incident SET notified_at = ? WHERE incident_id = ? AND notified_at IS NULL",
                Timestamp.from(Instant.now()), incidentId);
    }

    /** Records when the incident's resolution was first delivered (escalation topic, webhook or e-mail). */
    public void resolutionNotified(String incidentId) {
        update("UPDATE wla_incident SET resolution_notified_at = ? WHERE incident_id = ? AND resolution_notified_at IS NULL",
                Timestamp.from(Instant.now()), incidentId);
    }

    /** The job's open incident of {@code cause}, if there is one (and the table answers). */
    public Optional<Incident> openIncident(String jobId, String cause) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT incident_id, run_id, opened_at, detail FROM wla_incident WHERE open_key = ?")) {
            ps.setString(1, jobId + ":" + cause);
            try (ResultSet rs = ps.executeQuery()) {
                Optional<Incident> open = rs.next() ? Optional.of(new Incident(rs.getString(1), jobId, cause,
                        rs.getString(2), rs.getTimestamp(3).toInstant(), rs.getString(4))) : Optional.empty();
                connection.rollback();
                return open;
            }
        } catch (SQLException e) {
            LOG.warn("job {}: cannot read the open {} incident from wla_incident: {}", jobId, cause, e.getMessage());
            return Optional.empty();
        }
    }

    /** Resolves every open incident of the job, naming the run that resolved them; returns what it resolved. */
    public List<Incident> resolveOpen(String jobId, String runId) {
        return resolveOpen(jobId, runId, null);
    }

    /** Resolves the job's open incidents except those of cause {@code keep} (null: all); returns what it resolved. */
    public List<Incident> resolveOpen(String jobId, String runId, String keep) {
        List<Incident> resolved = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement select = connection.prepareStatement("SELECT incident_id, cause, run_id, opened_at,"
                    + " detail FROM wla_incident WHERE job_id = ? AND open_key IS NOT NULL FOR UPDATE")) {
                select.setString(1, jobId);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getString(2).equals(keep)) {
                            continue;
                        }
                        resolved.add(new Incident(rs.getString(1), jobId, rs.getString(2), rs.getString(3),
                                rs.getTimestamp(4).toInstant(), rs.getString(5)));
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement("UPDATE wla_incident SET open_key = NULL,"
                    + " resolved_at = ?, resolved_by = ? WHERE incident_id = ?")) {
                for (Incident incident : resolved) {
                    ps.setTimestamp(1, Timestamp.from(Instant.now()));
                    ps.setString(2, runId);
                    ps.setString(3, incident.incidentId());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            connection.commit();
            return resolved;
        } catch (SQLException e) {
            LOG.warn("job {} run {}: cannot resolve the job's incidents in wla_incident: {}", jobId, runId, e.getMessage());
            return List.of();
        }
    }

    /**
     * The job's open incidents, oldest first, then its latest {@code resolved} incidents resolved since {@code since},
     * newest first: each with when it was notified and resolved.
     */
    public List<IncidentTimeline> timelines(String jobId, int resolved, Instant since) {
        String columns = "SELECT incident_id, cause, run_id, opened_at, detail, notified_at, resolved_at, resolved_by"
                + " FROM wla_incident WHERE job_id = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement open = connection.prepareStatement(columns
                        + " AND open_key IS NOT NULL ORDER BY opened_at");
                PreparedStatement closed = connection.prepareStatement(columns
                        + " AND open_key IS NULL AND resolved_at >= ? ORDER BY resolved_at DESC")) {
            List<IncidentTimeline> timelines = new ArrayList<>();
            open.setString(1, jobId);
            readTimelines(open, jobId, timelines);
            if (resolved > 0) {
                closed.setString(1, jobId);
                closed.setTimestamp(2, Timestamp.from(since));
                closed.setMaxRows(resolved);
                readTimelines(closed, jobId, timelines);
            }
            connection.rollback();
            return timelines;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read wla_incident: " + e.getMessage(), e);
        }
    }

    private static void readTimelines(PreparedStatement ps, String jobId, List<IncidentTimeline> into)
            throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Incident incident = new Incident(rs.getString(1), jobId, rs.getString(2), rs.getString(3),
                        rs.getTimestamp(4).toInstant(), rs.getString(5));
                into.add(new IncidentTimeline(incident, instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)),
                        rs.getString(8)));
            }
        }
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** How many incidents of the job are open. */
    public int openCount(String jobId) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement ps = connection.prepareStatement(
                        "SELECT COUNT(*) FROM wla_incident WHERE job_id = ? AND open_key IS NOT NULL")) {
            ps.setString(1, jobId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int count = rs.getInt(1);
                connection.rollback();
                return count;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read wla_incident: " + e.getMessage(), e);
        }
    }

    private void update(String sql, Timestamp time, String incidentId) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setTimestamp(1, time);
            ps.setString(2, incidentId);
            ps.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            LOG.warn("incident {}: cannot update wla_incident: {}", incidentId, e.getMessage());
        }
    }
}
