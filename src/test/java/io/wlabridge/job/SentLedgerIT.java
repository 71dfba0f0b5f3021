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

    @Test
    void idsWithQuotesCommasLineBreaksAndUmlautsAreRecordedAsGiven() throws Exception {
        List<String> ids = List.of("plain|ACC|2026-12-02", "with \"quotes\"|ACC", "comma,inside", "line\nbreak",
                "cr\rhere", "Müller|Zürich|€", "emoji \uD83D\uDE80|x", "", "back\\slash", "tab\there");
        ledger.record("job-a", "run-1", "topic-a", ids, -1);

        assertThat(ledger.recorded("job-a", ids)).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(ledger.find("Müller|Zürich|€")).singleElement()
                .satisfies(sent -> assertThat(sent.topic()).isEqualTo("topic-a"));
    }

    @Test
    void sentAtIsLeftToTheTablesDefaultAndSentByTheCopyWhereTheTableHasNone() throws Exception {
        java.time.Instant before = java.time.Instant.now().minusSeconds(1);
        assertThat(db.count("SELECT COUNT(*) FROM information_schema.columns WHERE table_schema = current_schema()"
                + " AND table_name = 'wla_sent' AND column_name = 'sent_at' AND column_default ILIKE '%localtimestamp%'"))
                .isEqualTo(1);
        ledger.record("job-c", "run-1", "topic-c", List.of("by-default"), -1);

        // a table the bridge could not alter (created by a DBA without the default): the COPY sends sent_at itself
        db.execute("ALTER TABLE wla_sent ALTER COLUMN sent_at DROP DEFAULT");
        new SentLedger(pool).record("job-c", "run-2", "topic-c", List.of("sent-by-copy"), -1);

        java.time.Instant after = java.time.Instant.now().plusSeconds(1);
        assertThat(ledger.find("by-default")).singleElement()
                .satisfies(sent -> assertThat(sent.sentAt()).isBetween(before, after));
        assertThat(ledger.find("sent-by-copy")).singleElement()
                .satisfies(sent -> assertThat(sent.sentAt()).isBetween(before, after));
    }

    @Test
    void theFilterReadByCopyHoldsEveryRecordedIdHoweverItIsEscaped() throws Exception {
        List<String> ids = List.of("plain|ACC|2026-12-02", "with \"quotes\"|ACC", "comma,inside", "line\nbreak",
                "cr\rhere", "Müller|Zürich|€", "emoji \uD83D\uDE80|x", "", "back\\slash", "tab\there",
                "bell\u0007 vt\u000B ff\f bs\b", "\\n is not a line break");
        // a job id with a quote: the COPY's query holds it as a literal
        ledger.record("job'o", "run-1", "topic-a", ids, -1);
        ledger.record("other-job", "run-1", "topic-a", List.of("only-for-other-job"), -1);

        SentFilter filter = ledger.filter("job'o");
        for (String id : ids) {
            assertThat(filter.add(id)).as("recorded id <%s> is a hit", id).isTrue();
        }
        assertThat(ledger.filter("other-job").add("only-for-other-job")).isTrue();
    }

    @Test
    void aLaterFilterHoldsWhatAnotherProcessRecordedMeanwhile() throws Exception {
        // the first load counts (nothing there yet); later loads size from what this ledger knows and read all the same
        assertThat(ledger.filter("job-d").add("from-elsewhere")).isFalse();
        ledger.record("job-d", "run-1", "topic-d", List.of("recorded-here"), -1);
        new SentLedger(pool).record("job-d", "run-2", "topic-d", List.of("from-another-process"), -1);

        SentFilter filter = ledger.filter("job-d");
        assertThat(filter.add("recorded-here")).isTrue();
        assertThat(filter.add("from-another-process")).as("an id another instance recorded is a hit").isTrue();
    }

    @Test
    void idsOlderThanTheRetentionAreForgottenForThatJobOnly() throws Exception {
        ledger.record("job-e", "run-1", "topic-e", List.of("old-1", "old-2", "recent"), -1);
        ledger.record("job-f", "run-1", "topic-f", List.of("other-job-old"), -1);
        db.execute("UPDATE wla_sent SET sent_at = LOCALTIMESTAMP - INTERVAL '31 days'"
                + " WHERE event_id IN ('old-1', 'old-2', 'other-job-old')");
        db.execute("UPDATE wla_sent SET sent_at = LOCALTIMESTAMP - INTERVAL '29 days' WHERE event_id = 'recent'");

        assertThat(ledger.forgetExpired("job-e")).as("retention 0 keeps every id").isZero();
        SentLedger thirtyDays = new SentLedger(pool, 30);
        assertThat(thirtyDays.forgetExpired("job-e")).isEqualTo(2);

        assertThat(ledger.recorded("job-e", List.of("old-1", "old-2", "recent"))).containsExactly("recent");
        assertThat(ledger.recorded("job-f", List.of("other-job-old"))).containsExactly("other-job-old");
        assertThatThrownBy(() -> new SentLedger(pool, -1)).hasMessageContaining("wla.delivery.sent-retention-days is -1");
    }

    @Test
    void aFullGenerationMakesTheNextFilterLoadOpenANewOneAndLookupsAskEveryGeneration() throws Exception {
        SentLedger ledger = new SentLedger(pool, 0, 2);
        // generation 0: recorded before generations existed, or by hand
        db.execute("INSERT INTO wla_sent (job_id, event_id, run_id, topic) VALUES ('job-g', 'by-hand', 'r', 't')");
        ledger.filter("job-g");
        ledger.record("job-g", "run-1", "t", List.of("a", "b"), -1);
        // the newest holds two: the next load opens another
        assertThat(ledger.filter("job-g").add("a")).isTrue();
        ledger.record("job-g", "run-2", "t", List.of("c"), -1);
        // the newest holds one: the next run records into it as well
        ledger.filter("job-g");
        ledger.record("job-g", "run-3", "t", List.of("d"), -1);
        // a process that loaded no filter records into the newest listed
        new SentLedger(pool, 0, 2).record("job-g", "run-4", "t", List.of("e"), -1);

        assertThat(db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = 'job-g' AND generation = 0")).isEqualTo(1);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = 'job-g' AND generation = 1")).isEqualTo(2);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = 'job-g' AND generation = 2")).isEqualTo(3);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_generation WHERE job_id = 'job-g'")).isEqualTo(2);
        assertThat(ledger.recorded("job-g", List.of("by-hand", "a", "b", "c", "d", "e", "new")))
                .containsExactlyInAnyOrder("by-hand", "a", "b", "c", "d", "e");
        assertThat(ledger.recorded("another-job", List.of("a"))).isEmpty();

        // a reconciliation records only what no generation holds
        ledger.reconcile("job-g", "run-5", "t", List.of("a", "by-hand", "f"), 0);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = 'job-g'")).isEqualTo(7);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent WHERE event_id = 'f' AND generation = 2")).isEqualTo(1);
    }

    @Test
    void theRetentionUnlistsTheGenerationsItEmptiedButNotTheTwoNewest() throws Exception {
        SentLedger ledger = new SentLedger(pool, 30, 1);
        for (int run = 1; run <= 4; run++) {
            ledger.filter("job-h");
            ledger.record("job-h", "run-" + run, "t", List.of("id-" + run), -1);
        }
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_generation WHERE job_id = 'job-h'")).isEqualTo(4);
        db.execute("UPDATE wla_sent SET sent_at = LOCALTIMESTAMP - INTERVAL '31 days' WHERE event_id IN ('id-1', 'id-2', 'id-3')");

        assertThat(ledger.forgetExpired("job-h")).isEqualTo(3);

        // 1 and 2 emptied and unlisted; 3 emptied but kept: a process of the same job may still record into it
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_generation WHERE job_id = 'job-h' AND generation IN (3, 4)")).isEqualTo(2);
        assertThat(db.count("SELECT COUNT(*) FROM wla_sent_generation WHERE job_id = 'job-h'")).isEqualTo(2);
        assertThat(ledger.recorded("job-h", List.of("id-1", "id-4"))).containsExactly("id-4");
    }

    @Test
    void manyIdsGoInOneCopyAcrossBufferBoundaries() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            ids.add("SYS" + i + "|ACC|" + "x".repeat(i % 50));
        }
        ledger.record("job-b", "run-1", "topic-b", ids, -1);

        assertThat(ledger.recorded("job-b", ids)).hasSize(ids.size());
        assertThat(ledger.recorded("job-b", List.of("SYS20000|ACC|"))).isEmpty();
    }
}
