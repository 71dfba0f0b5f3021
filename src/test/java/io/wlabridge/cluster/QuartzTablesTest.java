package io.wlabridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.wlabridge.config.ConfigException;

/** The Quartz tables migration: Quartz's own scripts, creating only, once. */
class QuartzTablesTest {

    @ParameterizedTest
    @EnumSource(QuartzTables.Database.class)
    void keepsOnlyTheCreateAndAlterStatementsOfQuartzsScript(QuartzTables.Database database) {
        List<String> statements = QuartzTables.statements(database.scriptText());

        assertThat(statements).isNotEmpty().allSatisfy(sql -> assertThat(sql.toUpperCase(Locale.ROOT))
                .matches("(?s)^(CREATE|ALTER)\\s.*").doesNotContain("DROP TABLE").doesNotContain("\nGO"));
        assertThat(statements).anySatisfy(sql -> assertThat(sql.toUpperCase(Locale.ROOT).replaceAll("[\\[\\]]", ""))
                .containsPattern("CREATE TABLE (DBO\\.)?QRTZ_LOCKS"));
    }

    @Test
    void knowsTheFiveDatabasesByTheirJdbcProductName() {
        assertThat(QuartzTables.Database.of("PostgreSQL")).isEqualTo(QuartzTables.Database.POSTGRESQL);
        assertThat(QuartzTables.Database.of("H2")).isEqualTo(QuartzTables.Database.H2);
        assertThat(QuartzTables.Database.of("Oracle")).isEqualTo(QuartzTables.Database.ORACLE);
        assertThat(QuartzTables.Database.of("Microsoft SQL Server")).isEqualTo(QuartzTables.Database.SQL_SERVER);
        assertThat(QuartzTables.Database.of("MariaDB")).isEqualTo(QuartzTables.Database.MYSQL);
        assertThat(QuartzTables.Database.of("MySQL")).isEqualTo(QuartzTables.Database.MYSQL);
        assertThatThrownBy(() -> QuartzTables.Database.of("Apache Derby")).isInstanceOf(ConfigException.class)
                .hasMessageContaining("Apache Derby").hasMessageContaining("wla.cluster.driver-delegate");
    }

    @Test
    void createsTheTablesOnH2WhenMissingAndLeavesThemOnTheNextStart() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");

        assertThat(QuartzTables.create(h2)).isEqualTo(QuartzTables.Database.H2);
        try (Connection c = h2.getConnection(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO QRTZ_LOCKS (SCHED_NAME, LOCK_NAME) VALUES ('wla-bridge', 'TRIGGER_ACCESS')");
        }
        assertThat(QuartzTables.create(h2)).isEqualTo(QuartzTables.Database.H2);

        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM QRTZ_LOCKS")) {
            rs.next();
            assertThat(rs.getInt(1)).as("rows survive a second start").isEqualTo(1);
        }
    }
}
