package io.wlabridge.app;

import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import java.util.stream.Stream;

import org.slf4j.LoggerFactory;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.WlaOptions;

/**
 * JDBC drivers from a folder of jars (wla.drivers.dir, default drivers/ beside the configuration file), so a database
 * whose driver the jar does not bundle needs no rebuild (docs/databases.md). {@code java -jar} ignores the class path,
 * so the jars get a class loader of their own; DriverManager hands out only drivers the caller's class loader can see,
 * so each is registered through a {@link Shim} of ours that delegates to it (the JDK offers no such wrapper).
 */
public final class JdbcDrivers {

    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(JdbcDrivers.class);
    /** The usual drivers' Maven coordinates, named when a URL finds no driver. */
    static final String USUAL = "Oracle com.oracle.database.jdbc:ojdbc11, SQL Server com.microsoft.sqlserver:mssql-jdbc,"
            + " MariaDB/MySQL org.mariadb.jdbc:mariadb-java-client, IBM Db2 com.ibm.db2:jcc";
    /** Jars loaded in this JVM: DriverManager is JVM-wide, and every command (and test) of this JVM may ask again. */
    private static final Set<Path> LOADED = ConcurrentHashMap.newKeySet();

    private JdbcDrivers() {
    }

    /** The folder: wla.drivers.dir, or drivers/ beside the configuration file when that is empty. */
    public static Path folder(String configured, Path configFile) {
        if (!configured.isBlank()) {
            return Path.of(configured.trim()).toAbsolutePath().normalize();
        }
        Path parent = configFile.toAbsolutePath().getParent();
        return (parent == null ? Path.of("drivers") : parent.resolve("drivers")).normalize();
    }

    /** Loads every jar of {@code folder} not loaded yet and registers the drivers in them; a missing folder is none. */
    public static synchronized void load(Path folder) {
        if (!Files.isDirectory(folder)) {
            return;
        }
        List<Path> jars;
        try (Stream<Path> files = Files.list(folder)) {
            jars = files.filter(f -> f.getFileName().toString().endsWith(".jar")).sorted()
                    .filter(f -> !LOADED.contains(f.toAbsolutePath())).toList();
        } catch (IOException e) {
            throw new ConfigException(WlaOptions.DRIVERS_DIR.name() + ": cannot list " + folder + ": " + e.getMessage());
        }
        if (jars.isEmpty()) {
            return;
        }
        List<URL> urls = new ArrayList<>();
        for (Path jar : jars) {
            try {
                urls.add(jar.toUri().toURL());
            } catch (MalformedURLException e) {
                throw new ConfigException(WlaOptions.DRIVERS_DIR.name() + ": " + jar + " is not a usable file name");
            }
        }
        // never closed: the drivers' classes are used until the JVM ends
        URLClassLoader loader = new URLClassLoader("wla-drivers", urls.toArray(URL[]::new), JdbcDrivers.class.getClassLoader());
        List<String> found = new ArrayList<>();
        try {
            for (Driver driver : ServiceLoader.load(Driver.class, loader)) {
                if (driver.getClass().getClassLoader() == loader) {
                    DriverManager.registerDriver(new Shim(driver));
                    found.add(driver.getClass().getName() + " " + driver.getMajorVersion() + "." + driver.getMinorVersion());
                }
            }
        } catch (SQLException | java.util.ServiceConfigurationError e) {
            throw new ConfigException(WlaOptions.DRIVERS_DIR.name() + ": cannot load the JDBC drivers in " + folder + ": "
                    + e.getMessage() + " - keep only driver jars for Java 17 there");
        }
        jars.forEach(jar -> LOADED.add(jar.toAbsolutePath()));
        LOG.info("JDBC drivers from {}: {}", folder, found.isEmpty() ? "none (no META-INF/services/java.sql.Driver in "
                + jars.stream().map(j -> j.getFileName().toString()).toList() + ")" : found);
    }

    /**
     * Fails with one line when no loaded driver takes {@code url} (named by its scheme only: a URL may carry
     * credentials): which folder to put which jar in.
     */
    public static void requireDriver(String key, String url, Path folder) {
        try {
            DriverManager.getDriver(url);
        } catch (SQLException e) {
            String scheme = url.startsWith("jdbc:") && url.indexOf(':', 5) > 0 ? url.substring(0, url.indexOf(':', 5) + 1) : "this URL";
            throw new ConfigException(key + ": no JDBC driver for " + scheme + " - the jar bundles PostgreSQL and H2 only;"
                    + " put the database's driver jar in " + folder + " (or set " + WlaOptions.DRIVERS_DIR.name()
                    + ") and start again; the usual ones: " + USUAL);
        }
    }

    /** Registered in DriverManager on behalf of a driver from the folder, which DriverManager would not hand out. */
    static final class Shim implements Driver {

        private final Driver driver;

        Shim(Driver driver) {
            this.driver = driver;
        }

        @Override
        public Connection connect(String url, Properties info) throws SQLException {
            return driver.connect(url, info);
        }

        @Override
        public boolean acceptsURL(String url) throws SQLException {
            return driver.acceptsURL(url);
        }

        @Override
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
            return driver.getPropertyInfo(url, info);
        }

        @Override
        public int getMajorVersion() {
            return driver.getMajorVersion();
        }

        @Override
        public int getMinorVersion() {
            return driver.getMinorVersion();
        }

        @Override
        public boolean jdbcCompliant() {
            return driver.jdbcCompliant();
        }

        @Override
        public Logger getParentLogger() throws SQLFeatureNotSupportedException {
            return driver.getParentLogger();
        }
    }
}
