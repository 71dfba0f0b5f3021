package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.wlabridge.job.SentLedger;
import io.wlabridge.testing.MariaDb;
import io.wlabridge.testing.Postgres;

/**
 * A database whose bridge tables were created by an earlier version gets the columns added since (BridgeTables.ADDED),
 * on PostgreSQL and H2, and a second start changes nothing.
 */
class BridgeTablesIT {

    /** wla_incident as the first release created it. */
    private static final String OLD_INCIDENT = "CREATE TABLE wla_incident (incident_id VARCHAR(36) NOT NULL PRIMARY KEY,"
            + " job_id VARCHAR(100) NOT NULL, cause VARCHAR(30) NOT NULL, open_key VARCHAR(140) UNIQUE, run_id VARCHAR(36),"
            + " opened_at TIMESTAMP NOT NULL, notified_at TIMESTAMP, resolved_at TIMESTAMP, resolved_by VARCHAR(36),"
            + " detail VARCHAR(2000))";

    /** wla_run as the first release created it. */
    private static final String OLD_RUN = "CREATE TABLE wla_run (run_id VARCHAR(36) NOT NULL PRIMARY KEY,"
            + " job_id VARCHAR(100) NOT NULL, trigger_type VARCHAR(20) NOT NULL, run_date DATE NOT NULL,"
            + " started_at TIMESTAMP NOT NULL, ended_at TIMESTAMP, outcome VARCHAR(30) NOT NULL,"
            + " rows_read BIGINT DEFAULT 0 NOT NULL, rows_filtered BIGINT DEFAULT 0 NOT NULL,"
            + " rows_sent BIGINT DEFAULT 0 NOT NULL, rows_already_sent BIGINT DEFAULT 0 NOT NULL,"
            + " rows_dead_lettered BIGINT DEFAULT 0 NOT NULL, error VARCHAR(2000))";

    @Test
    void addsTheNewColumnsToExistingTablesOnPostgreSql() throws Exception {
        addsTheNewColumnsToExistingTables(new Postgres().dataSource());
    }

    @Test
    void aNewSentLedgerOnPostgreSqlIsKeyedInTheCCollationAndTellsIdsApartByTheirBytes() throws Exception {
        Postgres db = new Postgres();
        BridgeTables.create(db.dataSource());
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            try (var rs = s.executeQuery("SELECT column_name, collation_name FROM information_schema.columns"
                    + " WHERE table_schema = current_schema() AND table_name = 'wla_sent'"
                    + " AND column_name IN ('job_id', 'event_id') ORDER BY column_name")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "=" + rs.getString(2)).isEqualTo("event_id=C");
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString(1) + "=" + rs.getString(2)).isEqualTo("job_id=C");
            }
            // ids that a linguistic collation might order together are still two ids
            s.execute("INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) VALUES"
                    + " ('j', 'Stra\u00dfe', 'r', 't', LOCALTIMESTAMP), ('j', 'Strasse', 'r', 't', LOCALTIMESTAMP),"
                    + " ('j', 'strasse', 'r', 't', LOCALTIMESTAMP)");
            assertThat(db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = 'j'")).isEqualTo(3);
        }
    }

    /** wla_sent as releases before generations created it. */
    private static final String OLD_SENT = "CREATE TABLE wla_sent (job_id VARCHAR(100) NOT NULL, event_id VARCHAR(500) NOT NULL,"
            + " run_id VARCHAR(36) NOT NULL, topic VARCHAR(249) NOT NULL, sent_at TIMESTAMP NOT NULL,"
            + " PRIMARY KEY (job_id, event_id))";

    @Test
    void anOldSentLedgerOnPostgreSqlIsKeyedByGenerationAndItsIdsStaySent() throws Exception {
        Postgres db = new Postgres();
        keysAnOldSentLedgerByGeneration(db.url(), Postgres.USER);
    }

    @Test
    void anOldSentLedgerOnMariaDbIsKeyedByGenerationAndItsIdsStaySent() throws Exception {
        MariaDb db = new MariaDb();
        keysAnOldSentLedgerByGeneration(db.url(), MariaDb.USER);
    }

    private static void keysAnOldSentLedgerByGeneration(String url, String user) throws Exception {
        // as the bridge's pool hands connections out: transactions, no auto-commit
        try (HikariDataSource pool = new HikariDataSource()) {
            pool.setJdbcUrl(url);
            pool.setUsername(user);
            pool.setAutoCommit(false);
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement()) {
                statement.execute(OLD_SENT);
                statement.execute("INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) VALUES"
                        + " ('j', 'sent-before', 'r0', 't', CURRENT_TIMESTAMP), ('j', 'also-before', 'r0', 't', CURRENT_TIMESTAMP)");
                connection.commit();
            }

            BridgeTables.create(pool);
            BridgeTables.create(pool);

            try (Connection connection = pool.getConnection()) {
                assertThat(BridgeTables.primaryKey(connection, "wla_sent").columns())
                        .containsExactly("job_id", "generation", "event_id");
                connection.rollback();
            }
            SentLedger ledger = new SentLedger(pool);
            assertThat(ledger.recorded("j", List.of("sent-before", "also-before", "new")))
                    .containsExactlyInAnyOrder("sent-before", "also-before");
            ledger.record("j", List.of(new SentLedger.SentChunk("r1/0", "r1", "t", List.of("new"), null)), -1);
            // the migrated rows stay where they are; what is sent from now on goes into chunks
            ledger.reconcile("j", new SentLedger.SentChunk("r2/0", "r2", "t", List.of("newer"), null), 0);
            assertThat(ledger.recorded("j", List.of("sent-before", "also-before", "new", "newer", "never")))
                    .containsExactlyInAnyOrder("sent-before", "also-before", "new", "newer");
            try (Connection connection = pool.getConnection(); Statement statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT generation, COUNT(*) FROM wla_sent WHERE job_id = 'j'"
                            + " GROUP BY generation ORDER BY generation")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1) + ":" + rs.getInt(2)).isEqualTo("0:2");
                assertThat(rs.next()).isFalse();
                connection.rollback();
            }
        }
    }

    @Test
    void addsTheNewColumnsToExistingTablesOnH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:bridge-tables-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        addsTheNewColumnsToExistingTables(h2);
    }

    private static void addsTheNewColumnsToExistingTables(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute(OLD_INCIDENT);
            statement.execute(OLD_RUN);
            statement.execute("INSERT INTO wla_incident (incident_id, job_id, cause, opened_at) VALUES ('i1', 'j', 'RUN_FAILED',"
                    + " CURRENT_TIMESTAMP)");
        }

        BridgeTables.create(dataSource);
        BridgeTables.create(dataSource);

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (BridgeTables.AddedColumn added : BridgeTables.ADDED) {
                statement.executeQuery("SELECT " + added.column() + " FROM " + added.table()).close();
            }
            var rows = statement.executeQuery("SELECT COUNT(*) FROM wla_incident WHERE resolution_notified_at IS NULL");
            rows.next();
            assertThat(rows.getInt(1)).as("the rows stay").isEqualTo(1);
        }
    }
}
