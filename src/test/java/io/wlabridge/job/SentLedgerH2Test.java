package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.wlabridge.ops.BridgeTables;

/**
 * The sent ledger on H2, the embedded default (`demo`, a first install): chunk rows in its BLOB column, written,
 * recorded once, read back into an index and found. PostgreSQL and MariaDB run the same in SentLedgerIT and the
 * jobs' ITs.
 */
class SentLedgerH2Test {

    @Test
    void chunksAreRecordedOnceAndFoundOnH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:sent-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        BridgeTables.create(h2);
        SentLedger ledger = new SentLedger(h2);
        SentLedger.SentChunk first = new SentLedger.SentChunk("run-1/0", "run-1", "t", List.of("a|1", "Müller|2"), null);
        SentLedger.SentChunk second = new SentLedger.SentChunk("run-1/1", "run-1", "t", List.of("c|3"), null);

        ledger.record("job", List.of(first), 0);
        // the writer and a reconciliation of the same chunk: one row
        ledger.record("job", List.of(first, second), 1);
        ledger.reconcile("job", second, 2);

        SentIndex index = ledger.index("job");
        assertThat(index.chunks()).isEqualTo(2);
        assertThat(index.mayContain("Müller|2")).isTrue();
        assertThat(index.recorded(List.of("a|1", "Müller|2", "c|3", "new|4"))).containsExactlyInAnyOrder("a|1", "Müller|2", "c|3");
        assertThat(ledger.position("job")).isEqualTo(2);
        assertThat(ledger.find("c|3")).singleElement().satisfies(sent -> assertThat(sent.runId()).isEqualTo("run-1"));
    }
}
