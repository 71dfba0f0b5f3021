package io.wlabridge.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

import org.quartz.impl.jdbcjobstore.MSSQLDelegate;
import org.quartz.impl.jdbcjobstore.PostgreSQLDelegate;
import org.quartz.impl.jdbcjobstore.StdJDBCDelegate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.config.ConfigException;

/**
 * The clustered scheduler's tables (qrtz_*): created at startup when {@code qrtz_locks} is missing, with the script
 * Quartz ships for the database (org/quartz/impl/jdbcjobstore/tables_*.sql in the quartz jar).
 */
public final class QuartzTables {

    private static final Logger LOG = LoggerFactory.getLogger(QuartzTables.class);

    /** The databases the bridge supports, their Quartz script and JDBC delegate. */
    public enum Database {
        POSTGRESQL("tables_postgres.sql", PostgreSQLDelegate.class.getName()),
        H2("tables_h2.sql", StdJDBCDelegate.class.getName()),
        ORACLE("tables_oracle.sql", StdJDBCDelegate.class.getName()),
        SQL_SERVER("tables_sqlServer.sql", MSSQLDelegate.class.getName()),
        MYSQL("tables_mysql_innodb.sql", StdJDBCDelegate.class.getName());

        final String script;
        final String delegate;

        Database(String script, String delegate) {
            this.script = script;
            this.delegate = delegate;
        }

        /** By JDBC's DatabaseMetaData.getDatabaseProductName(). */
        static Database of(String product) {
            String p = product.toLowerCase(Locale.ROOT);
            if (p.contains("postgres")) {
                return POSTGRESQL;
            } else if (p.equals("h2")) {
                return H2;
            } else if (p.contains("oracle")) {
                return ORACLE;
            } else if (p.contains("sql server")) {
                return SQL_SERVER;
            } else if (p.contains("mysql") || p.contains("mariadb")) {
                return MYSQL;
            }
            throw new ConfigException("wla.cluster.enabled: the job database is " + product
                    + ", for which the bridge knows no Quartz table script: create the qrtz_* tables with Quartz's script for it"
                    + " (org/quartz/impl/jdbcjobstore/tables_*.sql in the quartz jar), set wla.cluster.driver-delegate, and start again");
        }

        String scriptText() {
            try (InputStream in = QuartzTables.class.getResourceAsStream("/org/quartz/impl/jdbcjobstore/" + script)) {
                if (in == null) {
                    throw new IllegalStateException(script + " is missing from the quartz jar");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read Quartz's " + script + ": " + e.getMessage(), e);
            }
        }
    }

    private QuartzTables() {
    }

    /**
     * Creates the tables when {@code qrtz_locks} is missing; returns the database they are in. Several instances may
     * start at once: the one that loses the race finds the tables there afterwards and goes on.
     */
    public static Database create(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            Database database = knownDatabase(connection);
            if (exist(connection)) {
                return database;
            }
            LOG.info("creating the Quartz tables qrtz_* of the clustered scheduler with Quartz's {}", database.script);
            try (Statement statement = connection.createStatement()) {
                for (String sql : statements(database.scriptText())) {
                    statement.execute(sql);
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (!exist(connection)) {
                    throw e;
                }
                LOG.info("another instance created the Quartz tables at the same time");
            }
            return database;
        } catch (SQLException e) {
            throw new ConfigException("wla.cluster.enabled: cannot create the Quartz tables (qrtz_*) in the job database: "
                    + e.getMessage().replaceAll("\\s*\\R\\s*", " ")
                    + " - let the user create tables, or create them with Quartz's tables_*.sql (docs/deployment.md, 'Clustering')");
        }
    }

    /** The JDBC delegate Quartz should use for the job database. */
    public static String delegate(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            return knownDatabase(connection).delegate;
        } catch (SQLException e) {
            throw new ConfigException("wla.cluster.enabled: cannot read the job database's product: " + e.getMessage());
        }
    }

    private static Database knownDatabase(Connection connection) throws SQLException {
        return Database.of(connection.getMetaData().getDatabaseProductName());
    }

    private static boolean exist(Connection connection) throws SQLException {
        // unquoted, so each database folds the name its own way, as Quartz's own statements do
        try (Statement statement = connection.createStatement()) {
            statement.executeQuery("SELECT COUNT(*) FROM QRTZ_LOCKS").close();
            connection.rollback();
            return true;
        } catch (SQLException e) {
            connection.rollback();
            return false;
        }
    }

    /**
     * The CREATE and ALTER statements of a Quartz script. Quartz ships scripts, no runner; they also drop and delete
     * (never wanted here: the tables are absent) and SQL Server's uses GO batches and a USE line, so only CREATE and
     * ALTER are kept.
     */
    static List<String> statements(String script) {
        String withoutComments = script.replaceAll("(?m)^\\s*--.*$", "");
        String[] parts = withoutComments.lines().anyMatch(l -> l.trim().equalsIgnoreCase("GO"))
                ? withoutComments.split("(?mi)^\\s*GO\\s*$")
                : withoutComments.split(";");
        List<String> statements = new ArrayList<>();
        for (String part : parts) {
            String sql = part.strip();
            String first = sql.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            if (first.equals("CREATE") || first.equals("ALTER")) {
                statements.add(sql);
            }
        }
        return statements;
    }
}
