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
 * <p>
 * <b>Generations.</b> wla_sent is keyed (job, generation, event id). A job's ids go into its newest generation
 * until that holds {@value #GENERATION_ROWS} ids; the next run's filter load then opens a new one. So a large run fills
 * a fresh range of the key instead of inserting between every earlier day's ids (a job's ids are system, environment
 * and dates, so each day's ids interleave with all earlier ones in a key of job and id): on PostgreSQL that was about
 * a third of the database's work per run with a day of history, and grew with every day kept (docs/performance.md).
 * The price is paid by lookups, which are rare thanks to the filter: an id is asked in every generation of the job
 * (listed in {@code wla_sent_generation}, plus 0: ids recorded before generations existed, or by hand). A job has
 * about (ids it ever recorded) / {@value #GENERATION_ROWS} generations, so a run of up to that many hits asks no more
 * index entries than its filter load reads anyway; a rerun of a whole day of a million ids in a job of ten generations
 * asks ten million (where one key asked one million). Uniqueness of (job, event id) across generations is kept as
 * before: ids are recorded after the filter and a lookup said they are new, or with {@link #recordIfAbsent}.
 */
public final class SentLedger {

    /** Distinct ids per lookup query (see {@link #lookUp}). */
    private static final int LOOKUP_BATCH = 100;
    /** Ids a generation takes before a run opens the next one. */
    static final int GENERATION_ROWS = 100_000;
    /** Per job, the generation this ledger records into (decided by the filter load, else the newest listed). */
    private final java.util.concurrent.ConcurrentHashMap<String, Integer> writingTo = new java.util.concurrent.ConcurrentHashMap<>();

    private final DataSource dataSource;
    private final int generationRows;
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
        this(dataSource, retentionDays, GENERATION_ROWS);
    }

    /** @param generationRows ids a generation takes before a filter load opens the next (tests make it small) */
    SentLedger(DataSource dataSource, int retentionDays, int generationRows) {
        if (retentionDays < 0) {
            throw new io.wlabridge.config.ConfigException("wla.delivery.sent-retention-days is " + retentionDays
                    + " but must be 0 (for ever) or a number of days");
        }
        this.dataSource = dataSource;
        this.retentionDays = retentionDays;
        this.generationRows = generationRows;
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
            forgetEmptyGenerations(connection, jobId);
            connection.commit();
            recordedAbout.computeIfPresent(jobId, (job, about) -> Math.max(0, about - deleted));
            return deleted;
        }
    }

    /**
     * Unlists the job's generations the retention emptied, so lookups stop asking them. Not the one this ledger
     * records into nor the one before it: another process of the same job (a zombie, an overlapping run) may still
     * be about to record into a generation it decided on earlier.
     */
    private void forgetEmptyGenerations(Connection connection, String jobId) throws SQLException {
        Integer current = writingTo.get(jobId);
        if (current == null) {
            return;
        }
        try (PreparedStatement unlist = connection.prepareStatement("DELETE FROM wla_sent_generation WHERE job_id = ?"
                + " AND generation < ? AND NOT EXISTS (SELECT 1 FROM wla_sent WHERE wla_sent.job_id = wla_sent_generation.job_id"
                + " AND wla_sent.generation = wla_sent_generation.generation)")) {
            unlist.setString(1, jobId);
            unlist.setInt(2, current - 1);
            unlist.executeUpdate();
        }
    }

    /** The job's listed generations, oldest first, with 0 (what was recorded before generations, or by hand). */
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
     * Lists the generation (committed, before any id is recorded in it, so every lookup from then on asks it); another
     * process listing it at the same time is fine.
     */
    private static void list(Connection connection, String jobId, int generation) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO wla_sent_generation (job_id, generation) VALUES (?, ?)")) {
            insert.setString(1, jobId);
            insert.setInt(2, generation);
            insert.executeUpdate();
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (!generations(connection, jobId).contains(generation)) {
                throw e;
            }
            connection.rollback();
        }
    }

    /**
     * The generation this ledger records the job's ids into: the one its last filter load chose, else the newest
     * listed (a reconciliation before the load), else a first one. Commits what it lists.
     */
    private int generationFor(Connection connection, String jobId) throws SQLException {
        Integer known = writingTo.get(jobId);
        if (known != null) {
            return known;
        }
        List<Integer> listed = generations(connection, jobId);
        connection.rollback();
        int generation = listed.get(listed.size() - 1);
        if (generation == 0) {
            generation = 1;
            list(connection, jobId, generation);
        }
        writingTo.putIfAbsent(jobId, generation);
        return writingTo.get(jobId);
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
            List<Integer> listed = generations(connection, jobId);
            int newest = listed.get(listed.size() - 1);
            SentFilter filter = new SentFilter(recorded);
            // [0]: ids loaded, [1]: of them in the newest generation
            long[] loaded = new long[2];
            if (recorded > 0 || known != null) {
                if (connection.isWrapperFor(org.postgresql.core.BaseConnection.class)) {
                    SentCopy.copyOut(connection.unwrap(org.postgresql.core.BaseConnection.class), jobId, newest, filter, loaded);
                } else {
                    try (PreparedStatement ids = connection.prepareStatement(
                            "SELECT generation, event_id FROM wla_sent WHERE job_id = ?")) {
                        ids.setFetchSize(10_000);
                        ids.setString(1, jobId);
                        try (ResultSet rs = ids.executeQuery()) {
                            while (rs.next()) {
                                if (rs.getInt(1) == newest) {
                                    loaded[1]++;
                                }
                                filter.add(rs.getString(2));
                                loaded[0]++;
                            }
                        }
                    }
                }
            }
            connection.rollback();
            recordedAbout.put(jobId, loaded[0]);
            // a new generation once the newest is full (or there is none but 0)
            int generation = newest == 0 || loaded[1] >= generationRows ? newest + 1 : newest;
            if (generation != newest) {
                list(connection, jobId, generation);
            }
            writingTo.put(jobId, generation);
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

    /** One recorded event: which job's run sent it where, and when it was recorded. */
    public record Sent(String jobId, String eventId, String runId, String topic, Instant sentAt) {
    }

    /** Every job's record of this event id (a job records an id once, in one of its generations), for {@code trace}. */
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

    /** Which of the ids are recorded for the job, in any of its generations: one query per hundred distinct ids. */
    public Set<String> recorded(String jobId, Collection<String> eventIds) throws SQLException {
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
            int generation = generationFor(connection, jobId);
            try {
                if (newAsARule) {
                    try {
                        insertAll(connection, jobId, generation, runId, topic, eventIds);
                    } catch (SQLException duplicate) {
                        connection.rollback();
                        recordIfAbsent(connection, jobId, generation, runId, topic, eventIds);
                    }
                } else {
                    recordIfAbsent(connection, jobId, generation, runId, topic, eventIds);
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

    private void insertAll(Connection connection, String jobId, int generation, String runId, String topic,
            List<String> eventIds) throws SQLException {
        Timestamp now = Timestamp.from(Instant.now());
        if (connection.isWrapperFor(PGConnection.class)) {
            SentCopy.copyIn(connection.unwrap(PGConnection.class), jobId, generation, runId, topic, eventIds,
                    sentAtDefaulted(connection) ? null : now);
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at, generation) VALUES (?, ?, ?, ?, ?, ?)")) {
            for (String eventId : eventIds) {
                insert.setString(1, jobId);
                insert.setString(2, eventId);
                insert.setString(3, runId);
                insert.setString(4, topic);
                insert.setTimestamp(5, now);
                insert.setInt(6, generation);
                insert.addBatch();
            }
            if (!eventIds.isEmpty()) {
                insert.executeBatch();
            }
        }
    }

    /**
     * Writes the event ids into the generation within the connection's open transaction, those that none of the job's
     * generations holds: looked up a hundred at a time, then written as new ids are. (One INSERT ... WHERE NOT EXISTS
     * per id, as before, cost a round trip per id and does not run as a batch on MariaDB's driver, which sends batches
     * with its bulk protocol.)
     */
    private void recordIfAbsent(Connection connection, String jobId, int generation, String runId, String topic,
            List<String> eventIds) throws SQLException {
        Set<String> recorded = new HashSet<>();
        lookUp(connection, generations(connection, jobId), jobId, eventIds, recorded);
        java.util.LinkedHashSet<String> absent = new java.util.LinkedHashSet<>(eventIds);
        absent.removeAll(recorded);
        insertAll(connection, jobId, generation, runId, topic, new ArrayList<>(absent));
    }
}
