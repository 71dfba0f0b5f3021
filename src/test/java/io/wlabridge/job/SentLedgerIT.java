package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.Test;

import io.wlabridge.ops.BridgeTables;
import io.wlabridge.testing.Postgres;

class SentLedgerIT {

    private final Postgres db = new Postgres();
    private SentLedger ledger;

    @BeforeEach
    void tables() throws Exception {
        BridgeTables.create(db.dataSource());
        // as the bridge's pool hands them out: transactions, no auto-commit
        HikariDataSource pool = new HikariDataSource();
        pool.setJdbcUrl(db.url());
        pool.setUsername(Postgres.USER);
        pool.setAutoCommit(false);
        pool.setMaximumPoolSize(2);
        this.pool = pool;
        ledger = new SentLedger(pool);
    }

    private HikariDataSource pool;

    @AfterEach
    void close() {
        pool.close();
    }

    /** One chunk of the job as the writer records it: key run/number, encoded by the ledger (no ledger record given). */
    private void record(SentLedger ledger, String jobId, String runId, int chunk, String topic, List<String> ids)
            throws Exception {
        ledger.record(jobId, List.of(chunk(runId, chunk, topic, ids)), -1);
    }

    private static SentLedger.SentChunk chunk(String runId, int chunk, String topic, List<String> ids) {
        return new SentLedger.SentChunk(LedgerTopic.chunkKey(runId, chunk), runId, topic, ids, null);
    }

    /** Ids recorded one per row in wla_sent, as before chunks (or by hand), in the generation given. */
    private void perIdRows(String jobId, int generation, String... ids) throws Exception {
        for (String id : ids) {
            db.execute("INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at, generation) VALUES ('" + jobId
                    + "', '" + id.replace("'", "''") + "', 'old-run', 't', LOCALTIMESTAMP, " + generation + ")");
        }
        if (generation != 0) {
            db.execute("INSERT INTO wla_sent_generation (job_id, generation) SELECT '" + jobId + "', " + generation
                    + " WHERE NOT EXISTS (SELECT 1 FROM wla_sent_generation WHERE job_id = '" + jobId
                    + "' AND generation = " + generation + ")");
        }
    }

    @Test
    void idsWithQuotesCommasLineBreaksAndUmlautsAreRecordedAsGiven() throws Exception {
        List<String> ids = List.of("plain|ACC|2026-12-02", "with \"quotes\"|ACC", "comma,inside", "line\nbreak",
                "cr\rhere", "Müller|Zürich|€", "emoji \uD83D\uDE80|x", "", "back\\slash", "tab\there", "nul\u0000inside");
        record(ledger, "job-a", "run-1", 0, "topic-a", ids);

        assertThat(ledger.recorded("job-a", ids)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ledger.recorded("job-a", List.of("Müller|Zürich", "nul"))).isEmpty();
        assertThat(ledger.find("Müller|Zürich|€")).singleElement()
                .satisfies(sent -> assertThat(sent.topic()).isEqualTo("topic-a"));
        SentIndex index = ledger.index("job-a");
        for (String id : ids) {
            assertThat(index.mayContain(id)).as("recorded id <%s> is a hit of the index's filter", id).isTrue();
        }
    }

    @Test
    void aChunkIsOneRowWithItsRunTopicCountAndTime() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        ledger.record("job-c", List.of(chunk("run-1", 0, "topic-c", List.of("a", "b", "c")),
                chunk("run-1", 1, "topic-c", List.of("d", "e"))), -1);
        java.time.Instant after = java.time.Instant.now().plusSeconds(1);

        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_chunk WHERE job_id = 'job-c'")).isEqualTo(2);
        assertThat(db.count("SELECT SUM(id_count) FROM wla_sent_chunk WHERE job_id = 'job-c' AND run_id = 'run-1'"
                + " AND topic = 'topic-c'")).isEqualTo(5);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_chunk WHERE chunk_id = 'run-1/1'")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent")).as("no row per id any more").isZero();
        assertThat(ledger.find("e")).singleElement().satisfies(sent -> {
            assertThat(sent.sentAt()).isBetween(before, after);
            assertThat(sent.runId()).isEqualTo("run-1");
            assertThat(sent.jobId()).isEqualTo("job-c");
        });
    }

    @Test
    void aChunkRecordedTwiceIsOneRowAndAReconciliationMovesThePosition() throws Exception {
        SentLedger.SentChunk chunk = chunk("run-1", 0, "t", List.of("a", "b"));
        ledger.record("job-r", List.of(chunk), 4);
        // the same chunk again, from the ledger topic, with the next one: the first stays, the second is added
        ledger.record("job-r", List.of(chunk, chunk("run-1", 1, "t", List.of("c"))), 5);
        ledger.reconcile("job-r", chunk, 9);

        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_chunk WHERE job_id = 'job-r'")).isEqualTo(2);
        assertThat(ledger.position("job-r")).isEqualTo(9);
        // a position never goes back
        ledger.reconcile("job-r", chunk("run-2", 0, "t", List.of("d")), 7);
        assertThat(ledger.position("job-r")).isEqualTo(9);
        assertThat(ledger.recorded("job-r", List.of("a", "b", "c", "d", "e"))).containsExactlyInAnyOrder("a", "b", "c", "d");
    }

    @Test
    void theIndexHoldsPerIdRowsReadByCopyHoweverTheyAreEscaped() throws Exception {
        List<String> ids = List.of("plain|ACC|2026-12-02", "with \"quotes\"|ACC", "comma,inside", "line\nbreak",
                "cr\rhere", "Müller|Zürich|€", "emoji \uD83D\uDE80|x", "", "back\\slash", "tab\there",
                "bell\u0007 vt\u000B ff\f bs\b", "\\n is not a line break");
        // a job id with a quote: the COPY's query holds it as a literal
        try (java.sql.Connection connection = pool.getConnection(); java.sql.PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) VALUES ('job''o', ?, 'r', 't', LOCALTIMESTAMP)")) {
            for (String id : ids) {
                insert.setString(1, id);
                insert.executeUpdate();
            }
            connection.commit();
        }
        perIdRows("other-job", 0, "only-for-other-job");

        SentIndex index = ledger.index("job'o");
        for (String id : ids) {
            assertThat(index.mayContain(id)).as("recorded id <%s> is a hit", id).isTrue();
        }
        assertThat(index.recorded(ids)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ledger.index("other-job").mayContain("only-for-other-job")).isTrue();
    }

    @Test
    void aLaterIndexHoldsWhatAnotherProcessRecordedMeanwhile() throws Exception {
        assertThat(ledger.index("job-d").add("from-elsewhere")).isFalse();
        record(ledger, "job-d", "run-1", 0, "topic-d", List.of("recorded-here"));
        record(new SentLedger(pool), "job-d", "run-2", 0, "topic-d", List.of("from-another-process"));

        SentIndex index = ledger.index("job-d");
        assertThat(index.add("recorded-here")).isTrue();
        assertThat(index.add("from-another-process")).as("an id another instance recorded is a hit").isTrue();
        assertThat(index.recorded(List.of("recorded-here", "from-another-process", "from-elsewhere")))
                .containsExactlyInAnyOrder("recorded-here", "from-another-process");
    }

    @Test
    void idsOlderThanTheRetentionAreForgottenForThatJobOnly() throws Exception {
        record(ledger, "job-e", "run-1", 0, "topic-e", List.of("old-1", "old-2"));
        record(ledger, "job-e", "run-1", 1, "topic-e", List.of("recent"));
        record(ledger, "job-f", "run-1", 0, "topic-f", List.of("other-job-old"));
        perIdRows("job-e", 0, "old-by-hand");
        db.execute("UPDATE wla_sent_chunk SET sent_at = LOCALTIMESTAMP - INTERVAL '31 days'"
                + " WHERE chunk_id = 'run-1/0'");
        db.execute("UPDATE wla_sent SET sent_at = LOCALTIMESTAMP - INTERVAL '31 days'");
        db.execute("UPDATE wla_sent_chunk SET sent_at = LOCALTIMESTAMP - INTERVAL '29 days' WHERE chunk_id = 'run-1/1'");

        assertThat(ledger.forgetExpired("job-e")).as("retention 0 keeps every id").isZero();
        SentLedger thirtyDays = new SentLedger(pool, 30);
        assertThat(thirtyDays.forgetExpired("job-e")).isEqualTo(3);

        assertThat(ledger.recorded("job-e", List.of("old-1", "old-2", "old-by-hand", "recent"))).containsExactly("recent");
        assertThat(ledger.recorded("job-f", List.of("other-job-old"))).containsExactly("other-job-old");
        assertThatThrownBy(() -> new SentLedger(pool, -1)).hasMessageContaining("wla.delivery.sent-retention-days is -1");
    }

    @Test
    void lookupsAskEveryGenerationOfThePerIdRowsBesideTheChunks() throws Exception {
        // generation 0: recorded before generations existed, or by hand; 1 and 2: before chunks
        perIdRows("job-g", 0, "by-hand");
        perIdRows("job-g", 1, "a", "b");
        perIdRows("job-g", 2, "c");
        record(ledger, "job-g", "run-3", 0, "t", List.of("d", "e"));

        assertThat(ledger.recorded("job-g", List.of("by-hand", "a", "b", "c", "d", "e", "new")))
                .containsExactlyInAnyOrder("by-hand", "a", "b", "c", "d", "e");
        assertThat(ledger.recorded("another-job", List.of("a", "d"))).isEmpty();
        SentIndex index = ledger.index("job-g");
        for (String id : List.of("by-hand", "a", "b", "c", "d", "e")) {
            assertThat(index.add(id)).as("<%s> is a hit", id).isTrue();
        }
    }

    @Test
    void theRetentionUnlistsTheGenerationsItEmptiedButNotTheNewest() throws Exception {
        SentLedger ledger = new SentLedger(pool, 30);
        for (int generation = 1; generation <= 4; generation++) {
            perIdRows("job-h", generation, "id-" + generation);
        }
        db.execute("UPDATE wla_sent SET sent_at = LOCALTIMESTAMP - INTERVAL '31 days'");

        assertThat(ledger.forgetExpired("job-h")).isEqualTo(4);

        // 1 to 3 emptied and unlisted; 4 emptied but kept: a process of a version before chunks may still record into it
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_generation WHERE job_id = 'job-h'")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_generation WHERE job_id = 'job-h' AND generation = 4")).isEqualTo(1);
        assertThat(ledger.recorded("job-h", List.of("id-1", "id-4"))).isEmpty();
    }

    @Test
    void aHitIsFoundInItsChunkAmongMany() throws Exception {
        List<SentLedger.SentChunk> chunks = new ArrayList<>();
        for (int c = 0; c < 300; c++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add("SYS" + c + "|" + i);
            }
            chunks.add(chunk("run-1", c, "t", ids));
        }
        ledger.record("job-b", chunks, -1);

        SentIndex index = ledger.index("job-b");
        assertThat(index.chunks()).isEqualTo(300);
        List<String> asked = new ArrayList<>();
        for (int c = 120; c < 123; c++) {
            for (int i = 0; i < 100; i++) {
                asked.add("SYS" + c + "|" + i);
            }
        }
        asked.add("SYS300|0");
        asked.add("SYS0|100");
        List<String> expected = new ArrayList<>(asked.subList(0, 300));
        assertThat(index.recorded(asked)).containsExactlyInAnyOrderElementsOf(expected);
        // a chunk of this run, not recorded yet: its ids are not in a row, so not recorded
        index.addChunk(LedgerTopic.chunkKey("run-2", 0), new long[] {SentFilter.hash("pending")});
        assertThat(index.recorded(List.of("pending"))).isEmpty();
        record(ledger, "job-b", "run-2", 0, "t", List.of("pending"));
        assertThat(index.recorded(List.of("pending"))).as("read again once its row is there").containsExactly("pending");
    }

    @Test
    void idsAskedInTheOrderSentReadEachChunkOnceAndInAnotherOrderAreFlagged() throws Exception {
        List<SentLedger.SentChunk> chunks = new ArrayList<>();
        List<String> all = new ArrayList<>();
        for (int c = 0; c < 300; c++) {
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                ids.add("SYS" + c + "|" + i);
            }
            all.addAll(ids);
            chunks.add(chunk("run-1", c, "t", ids));
        }
        ledger.record("job-o", chunks, -1);

        // a rerun in the order the run sent them: each chunk's row read once
        SentIndex inOrder = ledger.index("job-o");
        for (int from = 0; from < all.size(); from += 1_000) {
            assertThat(inOrder.recorded(all.subList(from, from + 1_000))).hasSize(1_000);
        }
        assertThat(inOrder.rowsRead()).isEqualTo(300);
        assertThat(inOrder.lookupsOutOfOrder()).isFalse();

        // in another order: a chunk's row for nearly every id, which the session warns about
        List<String> shuffled = new ArrayList<>(all);
        java.util.Collections.shuffle(shuffled, new java.util.Random(15));
        SentIndex outOfOrder = ledger.index("job-o");
        assertThat(outOfOrder.recorded(shuffled.subList(0, 2_000))).hasSize(2_000);
        assertThat(outOfOrder.rowsRead()).isGreaterThan(1_000);
        assertThat(outOfOrder.lookupsOutOfOrder()).isTrue();
    }

    @Test
    void manyIdsGoInOneChunk() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add("SYS" + i + "|ACC|" + "x".repeat(i % 50));
        }
        record(ledger, "job-b", "run-1", 0, "topic-b", ids);

        assertThat(ledger.recorded("job-b", ids)).hasSize(ids.size());
        assertThat(ledger.recorded("job-b", List.of("SYS20000|ACC|"))).isEmpty();
    }
}
