package io.wlabridge.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.support.SynchronizationAdapter;

/**
 * What each job has sent, so a rerun sends nothing twice (bean {@code wlaSentLedger}). Per chunk, {@link #reserve}
 * drops records already sent and writes the rest into table {@code wla_sent} inside an open transaction;
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
            Set<String> sent = alreadySent(connection, run.jobId(), records);
            List<Exchange> toSend = new ArrayList<>(records.size());
            Set<String> seen = new HashSet<>();
            for (Exchange record : records) {
                String id = record.getMessage().getHeader(JobSteps.EVENT_ID_HEADER, String.class);
                if (!sent.contains(id) && seen.add(id)) {
                    toSend.add(record);
                }
            }
            run.countAlreadySent(records.size() - toSend.size());
            insert(connection, run, toSend);
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

    private static Set<String> alreadySent(Connection connection, String jobId, List<Exchange> records) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT event_id FROM wla_sent WHERE job_id = ? AND event_id IN (");
        for (int i = 0; i < records.size(); i++) {
            sql.append(i == 0 ? "?" : ",?");
        }
        sql.append(')');
        Set<String> sent = new HashSet<>();
        try (PreparedStatement select = connection.prepareStatement(sql.toString())) {
            select.setString(1, jobId);
            for (int i = 0; i < records.size(); i++) {
                select.setString(i + 2, records.get(i).getMessage().getHeader(JobSteps.EVENT_ID_HEADER, String.class));
            }
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    sent.add(rs.getString(1));
                }
            }
        }
        return sent;
    }

    private static void insert(Connection connection, JobRun run, List<Exchange> records) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) VALUES (?, ?, ?, ?, ?)")) {
            for (Exchange record : records) {
                insert.setString(1, run.jobId());
                insert.setString(2, record.getMessage().getHeader(JobSteps.EVENT_ID_HEADER, String.class));
                insert.setString(3, run.runId());
                insert.setString(4, run.job().topic());
                insert.setTimestamp(5, now);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void rollback(Connection connection) {
        try (connection) {
            connection.rollback();
        } catch (SQLException ignored) {
            // the connection is gone; the database discards the open transaction itself
        }
    }
}
