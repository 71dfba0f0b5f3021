package io.wlabridge.automic;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * Table {@code wla_automic_execution}: one row per event a trigger job started an Automic execution for, keyed by
 * the event's place in Kafka (topic, partition, offset) and holding the run id Automic returned. A re-delivered
 * event whose row exists (the bridge stopped between recording and committing the offset) is not started again.
 */
public final class AutomicLedger {

    /** One started execution. */
    public record Started(String jobId, String topic, int partition, long offset, String eventKey, String eventId,
            String objectName, Long runId, Instant acceptedAt) {
    }

    private final DataSource dataSource;

    public AutomicLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Whether an execution was started for this event already. */
    public boolean started(String jobId, String topic, int partition, long offset) {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT COUNT(*) FROM wla_automic_execution WHERE job_id = ? AND topic = ? AND kafka_partition = ?"
                        + " AND kafka_offset = ?")) {
            ps.setString(1, jobId);
            ps.setString(2, topic);
            ps.setInt(3, partition);
            ps.setLong(4, offset);
            try (ResultSet rs = ps.executeQuery()) {
                boolean found = rs.next() && rs.getLong(1) > 0;
                connection.rollback();
                return found;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read table wla_automic_execution: " + e.getMessage()
                    + " - check wla.datasource.url and that the database is reachable", e);
        }
    }

    public void record(Started started) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO wla_automic_execution (job_id, topic,"
                    + " kafka_partition, kafka_offset, event_key, event_id, object_name, automic_run_id, accepted_at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, started.jobId());
                ps.setString(2, started.topic());
                ps.setInt(3, started.partition());
                ps.setLong(4, started.offset());
                ps.setString(5, cut(started.eventKey()));
                ps.setString(6, cut(started.eventId()));
                ps.setString(7, started.objectName());
                if (started.runId() == null) {
                    ps.setNull(8, Types.BIGINT);
                } else {
                    ps.setLong(8, started.runId());
                }
                ps.setTimestamp(9, Timestamp.from(started.acceptedAt()));
                ps.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record Automic run " + started.runId() + " of job " + started.jobId()
                    + " in table wla_automic_execution: " + e.getMessage(), e);
        }
    }

    private static String cut(String text) {
        return text == null || text.length() <= 500 ? text : text.substring(0, 500);
    }
}
