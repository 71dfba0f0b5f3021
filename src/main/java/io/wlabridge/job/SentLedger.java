package io.wlabridge.job;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
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
 * What each job has sent, so a rerun sends nothing twice; and, with exactly-once delivery, how far the job's ledger
 * topic is recorded (table {@code wla_ledger_position}). Written a batch at a time after Kafka committed the events
 * (see {@link SendSession}), never once per event.
 * <p>
 * <b>A row per chunk</b> ({@code wla_sent_chunk}): each chunk a run sent is one row holding its ids in the ledger
 * topic's record format ({@link LedgerTopic}: run id, topic, the ids, LZ4), keyed by the ledger record's key (run id
 * and chunk number), so the run's writer and a reconciliation of the ledger topic record a chunk once between them.
 * A row per event id, as in {@code wla_sent} until session 15, made PostgreSQL's part of a run (a row and a key entry
 * per event) a third of the CPU a run used (docs/performance.md). A run finds its hits through the {@link SentIndex}
 * built at its start, which reads every row of the job once, as the already-sent filter did.
 * <p>
 * <b>{@code wla_sent}</b>: the ids recorded one per row before, and any written by hand, keyed (job, generation,
 * event id); read and looked up as before (an id is asked in every generation listed in {@code wla_sent_generation},
 * plus 0), deleted by the retention, no longer written.
 */
public final class SentLedger {

    /** Distinct ids per lookup query in wla_sent's per-id rows (see {@link #lookUp}). */
    private static final int LOOKUP_BATCH = 100;
    /** Chunk rows fetched per round trip when an index loads. */
    private static final int CHUNK_FETCH = 64;

    private final DataSource dataSource;
    /** Days an id is remembered after it was recorded; 0 for ever. */
    private final int retentionDays;
    /**
     * Per job, how many per-id rows wla_sent holds (nothing writes them any more, the retention only deletes): asked
     * once per job, a scan as long as their load.
     */
    private final java.util.concurrent.ConcurrentHashMap<String, Long> perIdRows = new java.util.concurrent.ConcurrentHashMap<>();

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
     * Deletes the job's chunks (and per-id rows) recorded more than the retention's days ago (none with retention 0),
     * in one transaction.
     *
     * @return how many ids were deleted
     */
    public int forgetExpired(String jobId) throws SQLException {
        if (retentionDays == 0) {
            return 0;
        }
        // sent_at is written as the JVM's local time (a Timestamp)
        Timestamp before = Timestamp.from(Instant.now().minus(java.time.Duration.ofDays(retentionDays)));
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            long deleted = 0;
            try (PreparedStatement sum = connection.prepareStatement(
                    "SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk WHERE job_id = ? AND sent_at < ?");
                    PreparedStatement chunks = connection.prepareStatement(
                            "DELETE FROM wla_sent_chunk WHERE job_id = ? AND sent_at < ?");
                    PreparedStatement rows = connection.prepareStatement(
                            "DELETE FROM wla_sent WHERE job_id = ? AND sent_at < ?")) {
                for (PreparedStatement ps : List.of(sum, chunks, rows)) {
                    ps.setString(1, jobId);
                    ps.setTimestamp(2, before);
                }
                try (ResultSet rs = sum.executeQuery()) {
                    rs.next();
                    deleted += rs.getLong(1);
                }
                chunks.executeUpdate();
                int perId = rows.executeUpdate();
                deleted += perId;
                forgetEmptyGenerations(connection, jobId);
                connection.commit();
                perIdRows.computeIfPresent(jobId, (job, about) -> Math.max(0, about - perId));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
            return (int) Math.min(Integer.MAX_VALUE, deleted);
        }
    }

    /**
     * Unlists the job's generations of wla_sent the retention emptied, so lookups stop asking them; not the newest
     * (a process of a version before chunks may still record into it).
     */
    private static void forgetEmptyGenerations(Connection connection, String jobId) throws SQLException {
        List<Integer> listed = generations(connection, jobId);
        int newest = listed.get(listed.size() - 1);
        try (PreparedStatement unlist = connection.prepareStatement("DELETE FROM wla_sent_generation WHERE job_id = ?"
                + " AND generation < ? AND NOT EXISTS (SELECT 1 FROM wla_sent WHERE wla_sent.job_id = wla_sent_generation.job_id"
                + " AND wla_sent.generation = wla_sent_generation.generation)")) {
            unlist.setString(1, jobId);
            unlist.setInt(2, newest);
            unlist.executeUpdate();
        }
    }

    /** The job's listed generations of wla_sent, oldest first, with 0 (what was recorded before generations, or by hand). */
    static List<Integer> generations(Connection connection, String jobId) throws SQLException {
        List<Integer> generations = new ArrayList<>();
        generations.add(0);
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT generation FROM wla_sent_generation WHERE job_id = ? ORDER BY generation")) {
            query.setString(1, jobId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    if (rs.getInt(1) != 0) {
                        generations.add(rs.getInt(1));
                    }
                }
            }
        }
        return generations;
    }

    /**
     * The job's recorded ids as a run needs them ({@link SentIndex}): every chunk row read once (its ids hashed from
     * their bytes, no string per id), and wla_sent's per-id rows if it has any.
     */
    SentIndex index(String jobId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            long chunkIds = 0;
            try (PreparedStatement count = connection.prepareStatement(
                    "SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk WHERE job_id = ?")) {
                count.setString(1, jobId);
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    chunkIds = rs.getLong(1);
                }
            }
            Long known = perIdRows.get(jobId);
            long perId = known != null ? known : count(connection, jobId);
            SentIndex index = new SentIndex(this, jobId, chunkIds + perId, perId > 0);
            if (perId > 0) {
                loadPerIdRows(connection, jobId, index);
            }
            perIdRows.put(jobId, perId);
            try (PreparedStatement chunks = connection.prepareStatement(
                    "SELECT chunk_id, ids FROM wla_sent_chunk WHERE job_id = ?")) {
                chunks.setFetchSize(CHUNK_FETCH);
                chunks.setString(1, jobId);
                try (ResultSet rs = chunks.executeQuery()) {
                    while (rs.next()) {
                        String key = rs.getString(1);
                        try {
                            index.addChunk(key, LedgerTopic.hashes(rs.getBytes(2)), true);
                        } catch (java.io.IOException e) {
                            throw new IllegalStateException("job " + jobId + ": the row " + key + " of wla_sent_chunk"
                                    + " cannot be read (" + e.getMessage() + ") - restore it from a backup or delete it"
                                    + " (its events are then sent again)", e);
                        }
                    }
                }
            }
            connection.rollback();
            return index;
        }
    }

    private static void loadPerIdRows(Connection connection, String jobId, SentIndex index) throws SQLException {
        if (connection.isWrapperFor(org.postgresql.core.BaseConnection.class)) {
            SentCopy.copyOut(connection.unwrap(org.postgresql.core.BaseConnection.class), jobId, index);
            return;
        }
        try (PreparedStatement ids = connection.prepareStatement("SELECT event_id FROM wla_sent WHERE job_id = ?")) {
            ids.setFetchSize(10_000);
            ids.setString(1, jobId);
            try (ResultSet rs = ids.executeQuery()) {
                while (rs.next()) {
                    index.addHash(SentFilter.hash(rs.getString(1)));
                }
            }
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

    /** The ids of the job's chunk row with this key, or null when there is no such row. */
    List<String> chunkIds(String jobId, String chunkKey) throws SQLException {
        try (Connection connection = dataSource.getConnection(); PreparedStatement query = connection.prepareStatement(
                "SELECT ids FROM wla_sent_chunk WHERE job_id = ? AND chunk_id = ?")) {
            query.setString(1, jobId);
            query.setString(2, chunkKey);
            try (ResultSet rs = query.executeQuery()) {
                List<String> ids = rs.next() ? LedgerTopic.decode(rs.getBytes(1)).eventIds() : null;
                connection.rollback();
                return ids;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("job " + jobId + ": the row " + chunkKey + " of wla_sent_chunk cannot be"
                        + " read (" + e.getMessage() + ") - restore it from a backup or delete it (its events are then"
                        + " sent again)", e);
            }
        }
    }

    /** One recorded event: which job's run sent it where, and when it was recorded. */
    public record Sent(String jobId, String eventId, String runId, String topic, Instant sentAt) {
    }

    /**
     * Every job's record of this event id, for {@code trace}: wla_sent's per-id rows by their key, and every chunk row
     * read (the ids of a chunk are not indexed by id: a few seconds for ten million ids).
     */
    public List<Sent> find(String eventId) throws SQLException {
        List<Sent> found = new ArrayList<>();
        java.util.Set<String> jobs = new HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT job_id, event_id, run_id, topic, sent_at FROM wla_sent WHERE event_id = ?")) {
                ps.setString(1, eventId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        found.add(new Sent(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                                rs.getTimestamp(5).toInstant()));
                        jobs.add(rs.getString(1));
                    }
                }
            }
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT job_id, run_id, topic, sent_at, ids, chunk_id FROM wla_sent_chunk")) {
                ps.setFetchSize(CHUNK_FETCH);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        String jobId = rs.getString(1);
                        if (jobs.contains(jobId)) {
                            continue;
                        }
                        List<String> ids;
                        try {
                            ids = LedgerTopic.decode(rs.getBytes(5)).eventIds();
                        } catch (java.io.IOException e) {
                            throw new SQLException("the row " + rs.getString(6) + " of wla_sent_chunk (job " + jobId
                                    + ") cannot be read: " + e.getMessage(), e);
                        }
                        if (ids.contains(eventId)) {
                            found.add(new Sent(jobId, eventId, rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
                            jobs.add(jobId);
                        }
                    }
                }
            }
            connection.rollback();
        }
        found.sort(java.util.Comparator.comparing(Sent::jobId));
        return found;
    }

    /** Which of the ids are recorded for the job (builds the job's index: for one question, not per chunk). */
    public Set<String> recorded(String jobId, Collection<String> eventIds) throws SQLException {
        return index(jobId).recorded(eventIds);
    }

    /** Which of the ids wla_sent holds in per-id rows, in any of the job's generations: a query per hundred ids. */
    Set<String> perIdRecorded(String jobId, Collection<String> eventIds) throws SQLException {
        Set<String> found = new HashSet<>();
        try (Connection connection = dataSource.getConnection()) {
            lookUp(connection, generations(connection, jobId), jobId, eventIds, found);
            connection.rollback();
        }
        return found;
    }

    /**
     * {@code generation IN (...)} naming the generations (numbers, written into the statement): with the key's
     * leading columns given, PostgreSQL, MariaDB and H2 probe the key once per generation and id.
     */
    private static String inGenerations(List<Integer> generations) {
        StringBuilder in = new StringBuilder("generation IN (");
        for (int i = 0; i < generations.size(); i++) {
            in.append(i == 0 ? "" : ", ").append(generations.get(i).intValue());
        }
        return in.append(')').toString();
    }
    /**
     * Adds to {@code found} which of the ids the job's generations hold, a hundred distinct ids per query.
     * PostgreSQL gets them as one array, the others as a list padded with the batch's last id (one statement text).
     * The array holds each id once: PostgreSQL weighs a probe per generation and array element against a scan of all
     * the job's ids, and with statistics from before the table grew (a new job's first runs) a padded list of 100 in
     * seven generations already made it scan, a quarter second per lookup at two million ids (JobBench).
     */
    private static void lookUp(Connection connection, List<Integer> generations, String jobId, Collection<String> eventIds,
            Set<String> found) throws SQLException {
        List<String> ids = new ArrayList<>(new java.util.LinkedHashSet<>(eventIds));
        boolean postgres = connection.isWrapperFor(PGConnection.class);
        StringBuilder sql = new StringBuilder("SELECT event_id FROM wla_sent WHERE job_id = ? AND ")
                .append(inGenerations(generations));
        if (postgres) {
            sql.append(" AND event_id = ANY (?)");
        } else {
            sql.append(" AND event_id IN (");
            for (int i = 0; i < LOOKUP_BATCH; i++) {
                sql.append(i == 0 ? "?" : ", ?");
            }
            sql.append(')');
        }
        try (PreparedStatement query = connection.prepareStatement(sql.toString())) {
            if (postgres) {
                // planned for each execution: a plan PostgreSQL cached while wla_sent was small scans the whole table
                // once it is large (a seconds-long query per chunk by the millionth row)
                query.unwrap(PGStatement.class).setPrepareThreshold(0);
            }
            for (int from = 0; from < ids.size(); from += LOOKUP_BATCH) {
                List<String> batch = ids.subList(from, Math.min(from + LOOKUP_BATCH, ids.size()));
                query.setString(1, jobId);
                if (postgres) {
                    query.setArray(2, connection.createArrayOf("varchar", batch.toArray()));
                } else {
                    for (int i = 0; i < LOOKUP_BATCH; i++) {
                        query.setString(i + 2, batch.get(Math.min(i, batch.size() - 1)));
                    }
                }
                try (ResultSet rs = query.executeQuery()) {
                    while (rs.next()) {
                        found.add(rs.getString(1));
                    }
                }
            }
        }
    }

    /** One chunk's record: its key (the ledger record's), the run and topic that sent it, its ids (and their encoding). */
    public record SentChunk(String key, String runId, String topic, List<String> eventIds, byte[] value) {

        /** The ids in the ledger topic's record format, as the row holds them. */
        byte[] encoded() {
            return value != null ? value : LedgerTopic.encode(new LedgerTopic.Entry(runId, topic, eventIds));
        }
    }

    /**
     * Records chunks Kafka has committed, a row each, and (ledgerOffset >= 0) that the job's ledger topic is recorded
     * up to that offset, in one database transaction. A chunk recorded already (a reconciliation got there first) is
     * left as it is.
     */
    public void record(String jobId, List<SentChunk> chunks, long ledgerOffset) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try {
                    insert(connection, jobId, chunks);
                } catch (SQLException duplicate) {
                    connection.rollback();
                    insertAbsent(connection, jobId, chunks);
                }
                if (ledgerOffset >= 0) {
                    advance(connection, jobId, ledgerOffset + 1);
                }
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
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

    /** Reconciliation: records one ledger record's chunk if absent and moves the position past it, atomically. */
    public void reconcile(String jobId, SentChunk chunk, long nextOffset) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                insertAbsent(connection, jobId, List.of(chunk));
                advance(connection, jobId, nextOffset);
                connection.commit();
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

    /** The chunks as rows, one batch. */
    private static void insert(Connection connection, String jobId, List<SentChunk> chunks) throws SQLException {
        if (chunks.isEmpty()) {
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO wla_sent_chunk"
                + " (job_id, chunk_id, run_id, topic, sent_at, id_count, ids) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            for (SentChunk chunk : chunks) {
                insert.setString(1, jobId);
                insert.setString(2, chunk.key());
                insert.setString(3, chunk.runId());
                insert.setString(4, chunk.topic());
                insert.setTimestamp(5, now);
                insert.setInt(6, chunk.eventIds().size());
                insert.setBytes(7, chunk.encoded());
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The chunks that have no row yet, within the connection's open transaction. */
    private static void insertAbsent(Connection connection, String jobId, List<SentChunk> chunks) throws SQLException {
        List<SentChunk> absent = new ArrayList<>();
        try (PreparedStatement exists = connection.prepareStatement(
                "SELECT 1 FROM wla_sent_chunk WHERE job_id = ? AND chunk_id = ?")) {
            for (SentChunk chunk : chunks) {
                exists.setString(1, jobId);
                exists.setString(2, chunk.key());
                try (ResultSet rs = exists.executeQuery()) {
                    if (!rs.next()) {
                        absent.add(chunk);
                    }
                }
            }
        }
        insert(connection, jobId, absent);
    }
}
