package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import io.wlabridge.ops.BridgeTables.Dialect;

/**
 * The bridge's DDL per database. PostgreSQL (every IT), MariaDB (TimeTravelMariaDbIT) and H2 run it for real; Oracle's
 * and SQL Server's tables are checked here by syntax only: the CREATE TABLE inside each guard runs on H2 in its Oracle
 * and MSSQLServer compatibility modes; the guards themselves (PL/SQL block, IF OBJECT_ID) and SQL Server's filtered
 * index are checked as text.
 */
class BridgeTablesTest {

    private static final String SCRIPT = BridgeTables.script();
    private static final int TABLES = 8;

    @Test
    void h2RunsTheScriptAsItIs() throws SQLException {
        List<String> statements = Dialect.of("H2").statements(SCRIPT);

        assertThat(Dialect.of("H2")).isEqualTo(Dialect.STANDARD);
        assertThat(statements).hasSize(TABLES).allMatch(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS wla_"))
                .noneMatch(sql -> sql.contains("COLLATE"));
        runTwiceOnH2("", statements);
    }

    @Test
    void postgresKeysTheSentLedgerInTheCCollationOnly() {
        List<String> statements = Dialect.of("PostgreSQL").statements(SCRIPT);

        assertThat(statements).hasSize(TABLES).allMatch(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS wla_"));
        assertThat(statements).filteredOn(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS wla_sent "))
                .singleElement().satisfies(sql -> assertThat(sql)
                        .contains("job_id     VARCHAR(100) COLLATE \"C\" NOT NULL", "event_id   VARCHAR(500) COLLATE \"C\" NOT NULL",
                                "run_id     VARCHAR(36)  NOT NULL", "PRIMARY KEY (job_id, generation, event_id)"));
        assertThat(statements).filteredOn(sql -> sql.startsWith("CREATE TABLE IF NOT EXISTS wla_sent_chunk "))
                .singleElement().satisfies(sql -> assertThat(sql).contains("ids      BYTEA").doesNotContain("BLOB"));
        assertThat(statements).filteredOn(sql -> !sql.startsWith("CREATE TABLE IF NOT EXISTS wla_sent "))
                .map(sql -> sql.replace("BYTEA", "BLOB"))
                .isEqualTo(Dialect.STANDARD.statements(SCRIPT).stream()
                        .filter(sql -> !sql.startsWith("CREATE TABLE IF NOT EXISTS wla_sent ")).toList());
    }

    @Test
    void mariaDbAndMySqlGetDatetimeInsteadOfTimestamp() throws SQLException {
        List<String> statements = Dialect.of("MariaDB").statements(SCRIPT);

        assertThat(Dialect.of("MySQL")).isEqualTo(Dialect.MYSQL);
        assertThat(statements).hasSize(TABLES).noneMatch(sql -> sql.contains("TIMESTAMP")).anyMatch(sql -> sql.contains("DATETIME(6)"))
                .anyMatch(sql -> sql.contains("ids      LONGBLOB"));
        runTwiceOnH2(";MODE=MySQL", statements);
    }

    @Test
    void oracleGetsItsNumberTypesAQuotedFileColumnAndIgnoresATableThatExists() throws SQLException {
        List<String> statements = Dialect.of("Oracle").statements(SCRIPT);

        assertThat(statements).hasSize(TABLES).allMatch(sql -> sql.startsWith("BEGIN EXECUTE IMMEDIATE 'CREATE TABLE wla_")
                && sql.endsWith("EXCEPTION WHEN OTHERS THEN IF SQLCODE != -955 THEN RAISE; END IF; END;"));
        List<String> tables = statements.stream().map(BridgeTablesTest::insideOracleGuard).toList();
        assertThat(String.join("\n", tables)).doesNotContain("BIGINT").contains("NUMBER(19)").containsPattern("\"FILE\"\\s+VARCHAR2\\(1000\\)");
        runOnH2(";MODE=Oracle", tables);
    }

    @Test
    void sqlServerGetsDatetime2AQuotedFileColumnAndAFilteredUniqueIndexForTheOpenIncident() throws SQLException {
        List<String> statements = Dialect.of("Microsoft SQL Server").statements(SCRIPT);

        assertThat(statements).hasSize(TABLES + 1);
        List<String> tables = statements.stream().filter(sql -> sql.startsWith("IF OBJECT_ID(N'wla_"))
                .map(sql -> sql.substring(sql.indexOf("CREATE TABLE"))).toList();
        assertThat(tables).hasSize(TABLES);
        assertThat(String.join("\n", tables)).doesNotContain("TIMESTAMP").contains("DATETIME2", "VARBINARY(MAX)")
                .doesNotContain("BLOB").containsPattern("\\[file\\]\\s+VARCHAR\\(1000\\)")
                .doesNotContain("UNIQUE");
        assertThat(statements).contains("IF NOT EXISTS (SELECT 1 FROM sys.indexes WHERE name = N'wla_incident_open_key')"
                + " CREATE UNIQUE INDEX wla_incident_open_key ON wla_incident (open_key) WHERE open_key IS NOT NULL");
        runOnH2(";MODE=MSSQLServer", tables);
    }

    @Test
    void noColumnIsAReservedWordLeftUnquotedOnOracleOrSqlServer() {
        Matcher column = Pattern.compile("(?m)^\\s+(\\w+)\\s+(VARCHAR|BIGINT|INTEGER|TIMESTAMP|DATE|BLOB)").matcher(SCRIPT);
        while (column.find()) {
            String name = column.group(1).toUpperCase(java.util.Locale.ROOT);
            String oracle = String.join("\n", Dialect.ORACLE.statements(SCRIPT));
            String sqlServer = String.join("\n", Dialect.SQL_SERVER.statements(SCRIPT));
            if (BridgeTables.ORACLE_RESERVED.contains(name)) {
                assertThat(oracle).as(name + " on Oracle").contains("\"" + name + "\"");
            }
            if (BridgeTables.SQL_SERVER_RESERVED.contains(name)) {
                assertThat(sqlServer).as(name + " on SQL Server").contains("[" + column.group(1) + "]");
            }
        }
    }

    /**
     * A wla_sent of an earlier version (key job_id, event_id) gets the generation column and the key (job_id,
     * generation, event_id) by each dialect's statements, its ids staying in generation 0; run on H2 in the database's
     * compatibility mode. PostgreSQL and MariaDB are migrated for real in BridgeTablesIT (MariaDB's one ALTER TABLE of
     * three clauses is beyond H2's MySQL mode).
     */
    @ParameterizedTest
    @CsvSource({ "STANDARD, ''", "ORACLE, ;MODE=Oracle", "SQL_SERVER, ;MODE=MSSQLServer",
            "POSTGRESQL, ;MODE=PostgreSQL" })
    void anOldSentLedgerIsKeyedByGenerationWithItsIdsInGenerationZero(Dialect dialect, String mode) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID() + mode);
                Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE wla_sent (job_id VARCHAR(100) NOT NULL, event_id VARCHAR(500) NOT NULL,"
                    + " run_id VARCHAR(36) NOT NULL, topic VARCHAR(249) NOT NULL, sent_at TIMESTAMP NOT NULL,"
                    + " CONSTRAINT old_key PRIMARY KEY (job_id, event_id))");
            statement.execute("INSERT INTO wla_sent VALUES ('j', 'e1', 'r', 't', CURRENT_TIMESTAMP)");
            assertThat(BridgeTables.primaryKey(connection, "wla_sent").columns()).containsExactly("job_id", "event_id");

            runOnH2(connection, dialect.sentByGeneration(true, "OLD_KEY"));

            assertThat(BridgeTables.primaryKey(connection, "wla_sent").columns())
                    .containsExactly("job_id", "generation", "event_id");
            try (var rs = statement.executeQuery("SELECT generation FROM wla_sent WHERE event_id = 'e1'")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isZero();
            }
            // the same id in another generation is a new key
            statement.execute("INSERT INTO wla_sent VALUES ('j', 'e1', 'r', 't', CURRENT_TIMESTAMP, 1)");
        }
    }

    private static String insideOracleGuard(String block) {
        String inner = block.substring("BEGIN EXECUTE IMMEDIATE '".length(), block.indexOf("'; EXCEPTION"));
        return inner.replace("''", "'");
    }

    private static void runTwiceOnH2(String mode, List<String> statements) throws SQLException {
        String url = "jdbc:h2:mem:" + UUID.randomUUID() + mode;
        try (Connection keep = DriverManager.getConnection(url)) {
            runOnH2(keep, statements);
            // idempotent: a second start finds the tables there
            runOnH2(keep, statements);
        }
    }

    private static void runOnH2(String mode, List<String> statements) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:h2:mem:" + UUID.randomUUID() + mode)) {
            runOnH2(connection, statements);
        }
    }

    private static void runOnH2(Connection connection, List<String> statements) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }
}
