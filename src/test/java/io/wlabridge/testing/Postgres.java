package io.wlabridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.ds.PGSimpleDataSource;

/**
 * The PostgreSQL of this machine and CI (127.0.0.1:5432, database {@code test}, trust auth). Each test gets a
 * schema of its own, so tests never see each other's rows.
 */
public final class Postgres {

    public static final String HOST_URL = System.getProperty("wla.test.postgres.url", "jdbc:postgresql://127.0.0.1:5432/test");
    public static final String USER = System.getProperty("wla.test.postgres.user", "postgres");

    private final String schema = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public Postgres() {
        execute("CREATE SCHEMA " + schema);
    }

    /** JDBC URL of this test's schema. */
    public String url() {
        return HOST_URL + "?currentSchema=" + schema;
    }

    public DataSource dataSource() {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(url());
        ds.setUser(USER);
        return ds;
    }

    public long count(String sql) {
        return Jdbc.count(url(), USER, sql);
    }

    public void execute(String sql) {
        try (Connection c = DriverManager.getConnection(HOST_URL + (sql.startsWith("CREATE SCHEMA") ? "" : "?currentSchema=" + schema), USER, "");
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("PostgreSQL on 127.0.0.1:5432 (database test) is needed for this test: " + e.getMessage(), e);
        }
    }
}
