package io.wlabridge.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * What each job has sent, so a rerun sends nothing twice (bean {@code wlaSentLedger}). Per chunk, {@link #reserve}
 * writes the records' event ids into table {@code wla_sent} inside an open transaction and drops those already
 * there (also duplicates within the chunk);
 * {@link #commit} commits it once Kafka has acknowledged every record of the chunk. If the send fails the
 * transaction rolls back, so nothing of a failed chunk counts as sent and a rerun sends it.
 */
public final class SentLedger {

    private static final String TX_PROPERTY = "wlaSentTx";

    private final DataSource dataSource;

    public SentLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void reserve(Exchange chunk) throws SQLException {
        @SuppressWarnings("unchecked")
        List<Exchange> records = chunk.getMessage().getBody(List.class);
        JobRun run = JobSteps.run(chunk);
        if (records.isEmpty()) {
            return;
        }
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            List<Exchange> toSend = insertNew(connection, run, records);
            run.countAlreadySent(records.size() - toSend.size());
            chunk.getMessage().setBody(toSend);
        } catch (SQLException | RuntimeException e) {
            rollback(connection);
            throw e;
        }
        chunk.setProperty(TX_PROPERTY, connection);
        chunk.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                Connection open = done.getProperty(TX_PROPERTY, Connection.class);
                if (open != null) {
                    rollback(open);
                }
            }
        });
    }

    public void commit(Exchange chunk) throws SQLException {
        Connection connection = chunk.getProperty(TX_PROPERTY, Connection.class);
        if (connection == null) {
            return;
        }
        @SuppressWarnings("unchecked")
        List<Exchange> sent = chunk.getMessage().getBody(List.class);
        try {
            connection.commit();
            JobSteps.run(chunk).countSent(sent.size());
        } finally {
            chunk.removeProperty(TX_PROPERTY);
            connection.close();
        }
    }

    /**
     * Rolls back the chunk's transaction now: its records were not sent (they went to the spool), and a run that
     * spools many chunks must not hold a connection per chunk. {@link #commit} then does nothing.
     */
    public void release(Exchange chunk) {
        Connection connection = chunk.getProperty(TX_PROPERTY, Connection.class);
        if (connection != null) {
            chunk.removeProperty(TX_PROPERTY);
            rollback(connection);
        }
    }

    /**
     * Inserts one row per record unless its event id is already recorded, in one JDBC batch; the update counts say
     * which records are new (a duplicate within the chunk finds its twin inserted just before). Each statement probes
     * the full primary key, so the check stays an index lookup whatever plan the database caches; an IN-list over the
     * growing table did not (PostgreSQL kept a plan made while the table was empty and slowed down quadratically).
     */
    private static List<Exchange> insertNew(Connection connection, JobRun run, List<Exchange> records) throws SQLException {
        List<String> eventIds = new ArrayList<>(records.size());
        for (Exchange record : records) {
            eventIds.add(record.getMessage().getHeader(JobSteps.EVENT_ID_HEADER, String.class));
        }
        boolean[] inserted = recordIfAbsent(connection, run.jobId(), run.runId(), run.job().topic(), eventIds);
        List<Exchange> toSend = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            if (inserted[i]) {
                toSend.add(records.get(i));
            }
        }
        return toSend;
    }

    /**
     * Writes the event ids into {@code wla_sent} within the connection's open transaction unless already there; true
     * for each id that was new. Also used by {@code replay}, so the job and the replay share one record of what was sent.
     */
    public static boolean[] recordIfAbsent(Connection connection, String jobId, String runId, String topic,
            List<String> eventIds) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        int[] inserted;
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) SELECT ?, ?, ?, ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM wla_sent WHERE job_id = ? AND event_id = ?)")) {
            for (String eventId : eventIds) {
                insert.setString(1, jobId);
                insert.setString(2, eventId);
                insert.setString(3, runId);
                insert.setString(4, topic);
                insert.setTimestamp(5, now);
                insert.setString(6, jobId);
                insert.setString(7, eventId);
                insert.addBatch();
            }
            inserted = eventIds.isEmpty() ? new int[0] : insert.executeBatch();
        }
        boolean[] isNew = new boolean[eventIds.size()];
        for (int i = 0; i < isNew.length; i++) {
            if (inserted[i] == Statement.SUCCESS_NO_INFO) {
                throw new SQLException("the JDBC driver reports no row counts for batches ("
                        + connection.getMetaData().getDriverName()
                        + "): the sent ledger cannot tell new events from sent ones on this database");
            }
            isNew[i] = inserted[i] > 0;
        }
        return isNew;
    }

    private static void rollback(Connection connection) {
        try (connection) {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the database discards the open transaction itself
        }
    }
}
