package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

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
