package io.wlabridge.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import javax.sql.DataSource;

/**
 * Creates the bridge's own tables (db/wla-schema.sql) when they are missing, and adds to an existing table the columns
 * added since it was first created. A few idempotent statements do not justify a migration library; when a change
 * needs more than a column added, move to Flyway.
 */
public final class BridgeTables {

    /** A column added to a table after its first release (it is in the table's CREATE TABLE as well). */
    record AddedColumn(String table, String column, String type) {
    }

    /** Oldest first. ALTER TABLE ... ADD name type (without COLUMN): PostgreSQL, H2, MariaDB, Oracle and SQL Server. */
    static final List<AddedColumn> ADDED = List.of(
            new AddedColumn("wla_incident", "resolution_notified_at", "TIMESTAMP"),
            new AddedColumn("wla_run", "instance_id", "VARCHAR(200)"),
            new AddedColumn("wla_run", "fire_time", "TIMESTAMP"));

    private BridgeTables() {
    }

    public static void create(DataSource dataSource) {
        String script;
        try (InputStream in = BridgeTables.class.getResourceAsStream("/db/wla-schema.sql")) {
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("db/wla-schema.sql is missing from the jar", e);
        }
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            for (String sql : script.replaceAll("(?m)^--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    statement.execute(sql);
                }
            }
            connection.commit();
            for (AddedColumn added : ADDED) {
                addIfMissing(connection, added);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the bridge tables (wla_sent, wla_run, wla_incident, wla_automic_execution): " + e.getMessage()
                    + " - check wla.datasource.url and that the user may create tables", e);
        }
    }

    /** Adds the column unless the table has it; another instance adding it at the same time is fine. */
    private static void addIfMissing(Connection connection, AddedColumn added) throws SQLException {
        if (has(connection, added)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("ALTER TABLE " + added.table() + " ADD " + added.column() + " " + added.type());
            connection.commit();
        } catch (SQLException e) {
            connection.rollback();
            if (!has(connection, added)) {
                throw new SQLException("cannot add column " + added.column() + " to table " + added.table() + ": "
                        + e.getMessage() + " (add it by hand: ALTER TABLE " + added.table() + " ADD " + added.column()
                        + " " + added.type() + ")", e);
            }
        }
    }

    /** Asked as the bridge's queries ask (the user's schema and search path), not through the catalogue of every schema. */
    private static boolean has(Connection connection, AddedColumn added) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT " + added.column() + " FROM " + added.table() + " WHERE 1 = 0").close();
            connection.rollback();
            return true;
        } catch (SQLException missing) {
            // PostgreSQL: the failed statement aborted the transaction
            connection.rollback();
            return false;
        }
    }
}
