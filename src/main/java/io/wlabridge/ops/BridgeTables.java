package io.wlabridge.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * Creates the bridge's own tables (db/wla-schema.sql) when they are missing. A few idempotent CREATE TABLE IF NOT
 * EXISTS statements do not justify a migration library; when the schema first changes, move to Flyway.
 */
public final class BridgeTables {

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
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create the bridge tables (wla_sent, wla_run, wla_incident, wla_automic_execution): " + e.getMessage()
                    + " - check wla.datasource.url and that the user may create tables", e);
        }
    }
}
