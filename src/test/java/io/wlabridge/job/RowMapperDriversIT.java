package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.apache.avro.Schema;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

import io.wlabridge.testing.MariaDb;
import io.wlabridge.testing.Postgres;

/**
 * The mapping table's column types, read as the fetch step reads them (camel-sql's JdbcTemplate with {@link ColumnRows})
 * and typed by the Avro schema: the same fields on PostgreSQL, MariaDB (driver from the drivers folder) and H2, though
 * each driver returns its own Java types (docs/databases.md, "The time-travel job's mapping table").
 */
class RowMapperDriversIT {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"Typed","fields":[
              {"name":"asDate","type":{"type":"int","logicalType":"date"}},
              {"name":"asTimestamp","type":{"type":"int","logicalType":"date"}},
              {"name":"atTime","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"isoChar","type":{"type":"int","logicalType":"date"}},
              {"name":"germanVarchar","type":{"type":"int","logicalType":"date"}},
              {"name":"amount","type":"double"},
              {"name":"amountText","type":"string"},
              {"name":"qty","type":"int"},
              {"name":"big","type":"long"},
              {"name":"flag","type":"boolean"},
              {"name":"dateText","type":"string"}]}""");

    private static final LocalDate DAY = LocalDate.of(2026, 12, 23);
    private static final LocalDateTime TIME = LocalDateTime.of(2026, 12, 23, 5, 30, 15);

    /** A database of each kind, with the column types it names them by. */
    record Database(String name, DataSource dataSource, String timestamp, String number) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Database> databases() {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        return Stream.of(
                new Database("PostgreSQL", new Postgres().dataSource(), "TIMESTAMP", "NUMERIC"),
                new Database("MariaDB", new MariaDb().dataSource(), "DATETIME(3)", "DECIMAL"),
                new Database("H2", h2, "TIMESTAMP", "NUMERIC"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void everyDriversTypesGiveTheSameFields(Database db) throws SQLException {
        create(db);
        insert(db, "23.12.2026", new BigDecimal("42"));

        Map<String, Object> fields = new RowMapper(SCHEMA).toFields(read(db));

        assertThat(fields).containsEntry("asDate", DAY).containsEntry("asTimestamp", DAY)
                .containsEntry("atTime", Timestamp.valueOf(TIME).toInstant())
                .containsEntry("isoChar", DAY).containsEntry("germanVarchar", DAY)
                .containsEntry("amount", 12.5).containsEntry("amountText", "12.50")
                .containsEntry("qty", 42).containsEntry("big", 9_000_000_000L).containsEntry("flag", true)
                .containsEntry("dateText", "2026-12-23");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aFractionForAWholeNumberAndAnImpossibleDateAreRejectedOnEveryDriver(Database db) throws SQLException {
        create(db);
        insert(db, "23.12.2026", new BigDecimal("42.5"));
        assertThatThrownBy(() -> new RowMapper(SCHEMA).toFields(read(db))).isInstanceOf(RecordRejectedException.class)
                // H2 names its columns in capitals
                .satisfies(e -> assertThat(e.getMessage()).isEqualToIgnoringCase("field 'qty' (column qty) '42.5' is not a int"));

        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM typed_row");
        }
        insert(db, "31.02.2027", new BigDecimal("42"));
        assertThatThrownBy(() -> new RowMapper(SCHEMA).toFields(read(db))).isInstanceOf(RecordRejectedException.class)
                .satisfies(e -> assertThat(e.getMessage()).isEqualToIgnoringCase(
                        "field 'germanVarchar' (column german_varchar) '31.02.2027' is not a date (yyyy-MM-dd or dd.MM.yyyy)"));
    }

    private static void create(Database db) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE typed_row (as_date DATE, as_timestamp " + db.timestamp() + ", at_time " + db.timestamp()
                    + ", iso_char CHAR(12), german_varchar VARCHAR(10), amount " + db.number() + "(10,2), amount_text "
                    + db.number() + "(10,2), qty " + db.number() + "(10,1), big BIGINT, flag SMALLINT, date_text DATE)");
        }
    }

    private static void insert(Database db, String german, BigDecimal qty) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO typed_row VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, DAY);
            ps.setTimestamp(2, Timestamp.valueOf(DAY.atStartOfDay()));
            ps.setTimestamp(3, Timestamp.valueOf(TIME));
            ps.setString(4, DAY.toString());
            ps.setString(5, german);
            ps.setBigDecimal(6, new BigDecimal("12.50"));
            ps.setBigDecimal(7, new BigDecimal("12.50"));
            ps.setBigDecimal(8, qty);
            ps.setLong(9, 9_000_000_000L);
            ps.setInt(10, 1);
            ps.setObject(11, DAY);
            ps.executeUpdate();
            if (!c.getAutoCommit()) {
                c.commit();
            }
        }
    }

    /** The row as the job's fetch step reads it. */
    private static Map<String, Object> read(Database db) {
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) (List<?>) new JdbcTemplate(db.dataSource())
                .query("SELECT * FROM typed_row", new ColumnRows().newColumnRowMapper());
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }
}
