package io.wlabridge.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.PGStatement;

/**
 * What each job has sent (table {@code wla_sent}), so a rerun sends nothing twice; and, with exactly-once delivery,
 * how far the job's ledger topic is recorded there (table {@code wla_ledger_position}). Written a batch at a time
 * after Kafka committed the events (see {@link SendSession}), never once per event.
 */
public final class SentLedger {

    /** Ids per IN-list query; padded to this size so the database sees one statement text. */
    private static final int LOOKUP_BATCH = 100;

    private final DataSource dataSource;
    /** Days an id is remembered after it was recorded; 0 for ever. */
    private final int retentionDays;
    /** PostgreSQL: whether wla_sent.sent_at has a default, so COPY leaves it out (null: not asked yet). */
    private volatile Boolean sentAtDefaulted;
    /**
     * Per job, about how many ids wla_sent holds: what the last filter load read plus what this ledger recorded
     * since. Only sizes the next filter (which grows when it is short), so ids others recorded meanwhile do no harm.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> recordedAbout = new java.util.concurrent.ConcurrentHashMap<>();

    public SentLedger(DataSource dataSource) {
        this(dataSource, 0);
    }

    /** @param retentionDays days an id is remembered after it was recorded (wla.delivery.sent-retention-days); 0 for ever */
    public SentLedger(DataSource dataSource, int retentionDays) {
        if (retentionDays < 0) {
            throw new io.wlabridge.config.ConfigException("wla.delivery.sent-retention-days is " + retentionDays
                    + " but must be 0 (for ever) or a number of days");
        }
        this.dataSource = dataSource;
        this.retentionDays = retentionDays;
    }

    /** Days an id is remembered after it was recorded; 0 for ever. */
    public int retentionDays() {
        return retentionDays;
    }

    /**
     * Deletes the job's ids recorded more than the retention's days ago (none with retention 0), in one statement:
     * wla_sent has no index on sent_at, so it reads the job's rows once, as a filter load does.
     *
     * @return how many were deleted
     */
    public int forgetExpired(String jobId) throws SQLException {
        if (retentionDays == 0) {
            return 0;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM wla_sent WHERE job_id = ? AND sent_at < ?")) {
            connection.setAutoCommit(false);
            delete.setString(1, jobId);
            // sent_at is written as the JVM's local time (a Timestamp, or LOCALTIMESTAMP in the driver's session zone)
            delete.setTimestamp(2, Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(retentionDays))));
            int deleted = delete.executeUpdate();
            connection.commit();
            recordedAbout.computeIfPresent(jobId, (job, about) -> Math.max(0, about - deleted));
            return deleted;
        }
    }

    /**
     * PostgreSQL, at startup: gives wla_sent.sent_at the default LOCALTIMESTAMP (the session's zone, which the driver
     * sets to the JVM's, as the timestamps written before), unless it has one, so the sent ledger's COPY need not send
     * it: PostgreSQL parsing a timestamp per row was a sixth of its work for the ledger. Without the right to alter the
     * table the COPY goes on sending it.
     */
    public static void defaultSentAt(Connection connection) throws SQLException {
        if (hasSentAtDefault(connection)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE wla_sent ALTER COLUMN sent_at SET DEFAULT LOCALTIMESTAMP");
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
        }
    }

    /** Whether wla_sent (as the bridge's queries find it, by the search path) has a default for sent_at. */
    static boolean hasSentAtDefault(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(
                "SELECT 1 FROM pg_attrdef d JOIN pg_attribute a ON a.attrelid = d.adrelid AND a.attnum = d.adnum"
                        + " WHERE d.adrelid = 'wla_sent'::regclass AND a.attname = 'sent_at'")) {
            boolean has = rs.next();
            connection.rollback();
            return has;
        }
    }

    /**
     * A filter of the job's recorded event ids: an id it does not contain was certainly not sent, so only its hits
     * need a look at the table.
     */
    public SentFilter filter(String jobId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            Long known = recordedAbout.get(jobId);
            // the count only sizes the filter: a scan as long as the load itself (a quarter second per million ids
            // on PostgreSQL), so it is asked once per job and kept up to date from then on
            long recorded = known != null ? known : count(connection, jobId);
            SentFilter filter = new SentFilter(recorded);
            long loaded = 0;
            if (recorded > 0 || known != null) {
                if (connection.isWrapperFor(org.postgresql.core.BaseConnection.class)) {
                    loaded = copyOut(connection.unwrap(org.postgresql.core.BaseConnection.class), jobId, filter);
                } else {
                    try (PreparedStatement ids = connection.prepareStatement("SELECT event_id FROM wla_sent WHERE job_id = ?")) {
                        ids.setFetchSize(10_000);
                        ids.setString(1, jobId);
                        try (ResultSet rs = ids.executeQuery()) {
                            while (rs.next()) {
                                filter.add(rs.getString(1));
                                loaded++;
                            }
                        }
                    }
                }
            }
            connection.rollback();
            recordedAbout.put(jobId, loaded);
            return filter;
        }
    }

    private static long count(Connection connection, String jobId) throws SQLException {
        try (PreparedStatement count = connection.prepareStatement("SELECT COUNT(*) FROM wla_sent WHERE job_id = ?")) {
            count.setString(1, jobId);
            try (ResultSet rs = count.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /**
     * PostgreSQL: the job's ids into the filter through COPY ... TO STDOUT, as their UTF-8 bytes: no result set row
     * and no string per id, which made loading a million recorded ids take a second at every run's start. COPY's text
     * format escapes a backslash and the control characters b, f, n, r, t and v with a backslash (PostgreSQL's COPY
     * docs); a line holding one is unescaped first. Hand-written: pgjdbc's CopyManager hands over the lines, nothing
     * reachable parses them.
     */
    private static long copyOut(org.postgresql.core.BaseConnection connection, String jobId, SentFilter filter)
            throws SQLException {
        long loaded = 0;
        StringBuilder literal = new StringBuilder();
        org.postgresql.core.Utils.escapeLiteral(literal, jobId, connection.getStandardConformingStrings());
        org.postgresql.copy.CopyOut copy = connection.getCopyAPI()
                .copyOut("COPY (SELECT event_id FROM wla_sent WHERE job_id = '" + literal + "') TO STDOUT");
        try {
            byte[] line;
            while ((line = copy.readFromCopy()) != null) {
                int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
                int backslash = indexOf(line, (byte) '\\', end);
                if (backslash < 0) {
                    filter.add(line, 0, end);
                } else {
                    byte[] plain = unescape(line, end);
                    filter.add(plain, 0, plain.length);
                }
                loaded++;
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        return loaded;
    }

    private static int indexOf(byte[] line, byte b, int end) {
        for (int i = 0; i < end; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A COPY text line's value without its escapes (COPY TO writes no octal or hex sequences). */
    static byte[] unescape(byte[] line, int end) {
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream(end);
        for (int i = 0; i < end; i++) {
            byte b = line[i];
            if (b != '\\' || i + 1 >= end) {
                plain.write(b);
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> plain.write('\b');
                case 'f' -> plain.write('\f');
                case 'n' -> plain.write('\n');
                case 'r' -> plain.write('\r');
                case 't' -> plain.write('\t');
                case 'v' -> plain.write(0x0b);
                default -> plain.write(next);
            }
        }
        return plain.toByteArray();
    }

    /** Which of the ids are recorded for the job: one query per hundred ids. */
    /** One recorded event: which job's run sent it where, and when it was recorded. */
    public record Sent(String jobId, String eventId, String runId, String topic, Instant sentAt) {
    }

    /** Every job's record of this event id (the ledger's key is job and event id), for {@code trace}. */
    public List<Sent> find(String eventId) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement ps = connection.prepareStatement(
                "SELECT job_id, event_id, run_id, topic, sent_at FROM wla_sent WHERE event_id = ? ORDER BY job_id")) {
            ps.setString(1, eventId);
            List<Sent> found = new ArrayList<>();
            try (java.sql.ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    found.add(new Sent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                            rs.getTimestamp(5).toInstant()));
                }
            }
            return found;
        }
    }

    public Set<String> recorded(String jobId, Collection<String> eventIds) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> ids = new ArrayList<>(eventIds);
        StringBuilder sql = new StringBuilder("SELECT event_id FROM wla_sent WHERE job_id = ? AND event_id IN (");
        for (int i = 0; i < LOOKUP_BATCH; i++) {
            sql.append(i == 0 ? "?" : ", ?");
        }
        sql.append(')');
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(sql.toString())) {
            if (query.isWrapperFor(PGStatement.class)) {
                // planned for each execution: a plan PostgreSQL cached while wla_sent was small scans the whole table
                // once it is large (a seconds-long query per chunk by the millionth row)
                query.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            for (int from = 0; from < ids.size(); from += LOOKUP_BATCH) {
                query.setString(1, jobId);
                for (int i = 0; i < LOOKUP_BATCH; i++) {
                    // padded with the batch's last id: same statement text every time
                    query.setString(i + 2, ids.get(Math.min(from + i, Math.min(from + LOOKUP_BATCH, ids.size()) - 1)));
                }
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
            connection.rollback();
        }
        return found;
    }

    /**
     * Records events Kafka has committed, and (ledgerOffset >= 0) that the job's ledger topic is recorded up to that
     * offset, in one database transaction. The ids are new as a rule (checked before they were sent), so they go in as
     * one plain batch; should one be there already (a reconciliation got there first), each is inserted if absent.
     */
    public void record(String jobId, String runId, String topic, List<String> eventIds, long ledgerOffset) throws SQLException {
        write(jobId, runId, topic, eventIds, ledgerOffset >= 0 ? ledgerOffset + 1 : -1, true);
    }

    /** Where reconciliation of the job's ledger topic goes on from, or -1 when it never ran. */
    public long position(String jobId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement query = connection.prepareStatement(
                        "SELECT next_offset FROM wla_ledger_position WHERE job_id = ?")) {
            query.setString(1, jobId);
            try (ResultSet rs = query.executeQuery()) {
                long position = rs.next() ? rs.getLong(1) : -1;
                connection.rollback();
                return position;
            }
        }
    }

    /** Reconciliation: records the ids of one ledger record if absent and moves the position past it, atomically. */
    public void reconcile(String jobId, String runId, String topic, List<String> eventIds, long nextOffset) throws SQLException {
        write(jobId, runId, topic, eventIds, nextOffset, false);
    }

    /** The ids (plain batch first when they are new as a rule) and, with nextOffset >= 0, the position: one transaction. */
    private void write(String jobId, String runId, String topic, List<String> eventIds, long nextOffset, boolean newAsARule)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (newAsARule) {
                    try {
                        insertAll(connection, jobId, runId, topic, eventIds);
                    } catch (SQLException duplicate) {
                        connection.rollback();
                        recordIfAbsent(connection, jobId, runId, topic, eventIds);
                    }
                } else {
                    recordIfAbsent(connection, jobId, runId, topic, eventIds);
                }
                if (nextOffset >= 0) {
                    advance(connection, jobId, nextOffset);
                }
                connection.commit();
                recordedAbout.computeIfPresent(jobId, (job, about) -> about + eventIds.size());
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** Sets the position to nextOffset unless it is there already or beyond (a later writer got further). */
    private static void advance(Connection connection, String jobId, long nextOffset) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE wla_ledger_position SET next_offset = ? WHERE job_id = ? AND next_offset < ?")) {
            update.setLong(1, nextOffset);
            update.setString(2, jobId);
            update.setLong(3, nextOffset);
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO wla_ledger_position (job_id, next_offset) SELECT ?, ?"
                        + " WHERE NOT EXISTS (SELECT 1 FROM wla_ledger_position WHERE job_id = ?)")) {
            insert.setString(1, jobId);
            insert.setLong(2, nextOffset);
            insert.setString(3, jobId);
            insert.executeUpdate();
        }
    }

    private boolean sentAtDefaulted(Connection connection) throws SQLException {
        Boolean known = sentAtDefaulted;
        if (known == null) {
            // asked once per ledger, in the write's own transaction (nothing written yet, so a rollback is harmless)
            try {
                known = hasSentAtDefault(connection);
            } catch (SQLException e) {
                connection.rollback();
                known = false;
            }
            sentAtDefaulted = known;
        }
        return known;
    }

    private void insertAll(Connection connection, String jobId, String runId, String topic, List<String> eventIds)
            throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        if (connection.isWrapperFor(PGConnection.class)) {
            copyIn(connection.unwrap(PGConnection.class), jobId, runId, topic, eventIds, sentAtDefaulted(connection) ? null : now);
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) VALUES (?, ?, ?, ?, ?)")) {
            for (String eventId : eventIds) {
                insert.setString(1, jobId);
                insert.setString(2, eventId);
                insert.setString(3, runId);
                insert.setString(4, topic);
                insert.setTimestamp(5, now);
                insert.addBatch();
            }
            if (!eventIds.isEmpty()) {
                insert.executeBatch();
            }
        }
    }

    /**
     * PostgreSQL: the rows in one COPY (the driver's CopyManager), several times the rate of batched INSERTs; the sent
     * ledger's write rate bounds a run's rate once Kafka is fast. The CSV is written here straight into bytes, every
     * value quoted: commons-csv builds strings per value and the driver then copies them again, which cost more than
     * the rest of the ledger's work (the CSV rules: a quoted value doubles its quotes; see PostgreSQL's COPY docs).
     */
    private static void copyIn(PGConnection connection, String jobId, String runId, String topic, List<String> eventIds,
            Timestamp now) throws SQLException {
        byte[] before = (csv(jobId) + ",").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] after = ("," + csv(runId) + "," + csv(topic) + (now == null ? "" : "," + csv(now.toString())) + "\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        // sent_at left to its default (LOCALTIMESTAMP: the COPY's transaction start) when the table has one
        org.postgresql.copy.CopyIn copy = connection.getCopyAPI().copyIn("COPY wla_sent (job_id, event_id, run_id, topic"
                + (now == null ? "" : ", sent_at") + ") FROM STDIN WITH (FORMAT csv)");
        try {
            byte[] buffer = new byte[COPY_BUFFER];
            int used = 0;
            for (String eventId : eventIds) {
                if (used + before.length + after.length + 2 + eventId.length() * 6 > buffer.length) {
                    copy.writeToCopy(buffer, 0, used);
                    used = 0;
                    if (before.length + after.length + 2 + eventId.length() * 6 > buffer.length) {
                        buffer = new byte[before.length + after.length + 2 + eventId.length() * 6];
                    }
                }
                System.arraycopy(before, 0, buffer, used, before.length);
                used += before.length;
                used = quoted(eventId, buffer, used);
                System.arraycopy(after, 0, buffer, used, after.length);
                used += after.length;
            }
            if (used > 0) {
                copy.writeToCopy(buffer, 0, used);
            }
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static final int COPY_BUFFER = 64 * 1024;

    private static String csv(String value) {
        return '"' + value.replace("\"", "\"\"") + '"';
    }

    /** The value quoted for CSV as UTF-8 into the buffer (room for 6 bytes per char checked by the caller). */
    private static int quoted(String value, byte[] buffer, int at) {
        buffer[at++] = '"';
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') {
                buffer[at++] = '"';
                buffer[at++] = '"';
            } else if (c < 0x80) {
                buffer[at++] = (byte) c;
            } else {
                int end = i + 1;
                while (end < value.length() && value.charAt(end) >= 0x80) {
                    end++;
                }
                byte[] utf8 = value.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, buffer, at, utf8.length);
                at += utf8.length;
                i = end - 1;
            }
        }
        buffer[at++] = '"';
        return at;
    }

    /**
     * Writes the event ids into {@code wla_sent} within the connection's open transaction unless already there; true
     * for each id that was new.
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
}
