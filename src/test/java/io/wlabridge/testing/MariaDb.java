package io.wlabridge.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DriverManagerDataSource;

import io.wlabridge.app.JdbcDrivers;

/**
 * The MariaDB of this machine and CI (127.0.0.1:3306, root without password). Each test gets a database of its own.
 * The driver is not on the tests' class path (pom.xml keeps it off): it comes from a drivers folder, as a user adds
 * one ({@link #driversFolder()}), and this fixture talks to MariaDB through the driver loaded from there.
 */
public final class MariaDb {

    public static final String HOST_URL = System.getProperty("wla.test.mariadb.url", "jdbc:mariadb://127.0.0.1:3306/");
    public static final String USER = System.getProperty("wla.test.mariadb.user", "root");

    private static Path drivers;

    private final String database = "it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);

    public MariaDb() {
        JdbcDrivers.load(driversFolder());
        execute(HOST_URL, "CREATE DATABASE " + database);
    }

    /** A folder holding the MariaDB driver jar (copied from the local Maven repository), as wla.drivers.dir. */
    public static synchronized Path driversFolder() {
        if (drivers == null) {
            String jar = System.getProperty("wla.test.mariadb.jar");
            if (jar == null || !Files.isRegularFile(Path.of(jar))) {
                throw new IllegalStateException("system property wla.test.mariadb.jar names no jar (" + jar
                        + "): run the test through Maven, which resolves org.mariadb.jdbc:mariadb-java-client");
            }
            try {
                drivers = Files.createTempDirectory("wla-drivers-");
                Files.copy(Path.of(jar), drivers.resolve(Path.of(jar).getFileName()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return drivers;
    }

    /** JDBC URL of this test's database. */
    public String url() {
        return HOST_URL + database;
    }

    public String database() {
        return database;
    }

    public DataSource dataSource() {
        return new DriverManagerDataSource(url(), USER, "");
    }

    public long count(String sql) {
        return Jdbc.count(url(), USER, sql);
    }

    public void execute(String sql) {
        execute(url(), sql);
    }

    private static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url, USER, ""); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("MariaDB on 127.0.0.1:3306 (root, no password) is needed for this test; start it"
                    + " with start-stop-daemon --start --oknodo --background --exec /usr/sbin/mariadbd: " + e.getMessage(), e);
        }
    }
}
