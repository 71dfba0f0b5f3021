package io.wlabridge.app;

import java.nio.file.Path;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;

/**
 * The pooled DataSources (HikariCP): the bridge's own database (wla.datasource) and each source jobs read
 * (wla.source.&lt;name&gt;, docs/databases.md). Any JDBC driver works: bundled, or from the drivers folder.
 */
public final class DataSources {

    private DataSources() {
    }

    /** The bridge's own database: its tables, and what jobs without parameter source read. */
    public static HikariDataSource state(Settings settings, Path drivers) {
        HikariConfig config = config(settings, "wla-db", WlaOptions.DATASOURCE_URL, WlaOptions.DATASOURCE_USERNAME,
                WlaOptions.DATASOURCE_PASSWORD, settings.getInt(WlaOptions.DATASOURCE_POOL_SIZE), drivers);
        if (config.getJdbcUrl().startsWith("jdbc:postgresql:") && !config.getJdbcUrl().contains("reWriteBatchedInserts")) {
            // the sent ledger's batches of plain INSERTs become multi-row INSERTs: one round trip per many rows
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        return open(config, WlaOptions.DATASOURCE_URL, "the bridge's database");
    }

    /** Source {@code name}: a pool of its own, read-only unless wla.source.&lt;name&gt;.read-only is false. */
    public static HikariDataSource source(Settings settings, String name, Path drivers) {
        ConfigOption url = WlaOptions.source(WlaOptions.SOURCE_URL, name);
        HikariConfig config = config(settings, "wla-source-" + name, url, WlaOptions.source(WlaOptions.SOURCE_USERNAME, name),
                WlaOptions.source(WlaOptions.SOURCE_PASSWORD, name),
                settings.getInt(WlaOptions.source(WlaOptions.SOURCE_POOL_SIZE, name)), drivers);
        boolean readOnly = settings.getBoolean(WlaOptions.source(WlaOptions.SOURCE_READ_ONLY, name));
        config.setReadOnly(readOnly);
        if (readOnly && isMySql(config.getJdbcUrl())) {
            // MariaDB's driver takes read-only as a hint (it acts on it only with several primaries): the server enforces this
            config.setConnectionInitSql("SET SESSION TRANSACTION READ ONLY");
        }
        // another team's database being down must not stop the bridge: its jobs' runs fail, readiness and check say so
        config.setInitializationFailTimeout(-1);
        return open(config, url, "source " + name);
    }

    private static HikariConfig config(Settings settings, String poolName, ConfigOption url, ConfigOption user,
            ConfigOption password, int poolSize, Path drivers) {
        HikariConfig config = new HikariConfig();
        config.setPoolName(poolName);
        config.setJdbcUrl(settings.get(url));
        JdbcDrivers.requireDriver(url.name(), config.getJdbcUrl(), drivers);
        config.setUsername(settings.get(user));
        config.setPassword(settings.get(password));
        config.setMaximumPoolSize(poolSize);
        config.setConnectionTimeout(settings.getLong(WlaOptions.DATASOURCE_CONNECTION_TIMEOUT_MS));
        // PostgreSQL streams a result set only inside a transaction; the bridge commits its own writes explicitly
        config.setAutoCommit(false);
        // fail fast at startup when the database is down, instead of on the first run
        config.setInitializationFailTimeout(10_000);
        return config;
    }

    private static HikariDataSource open(HikariConfig config, ConfigOption url, String what) {
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigException(url.name() + ": cannot connect to " + what + ": " + rootMessage(e)
                    + " - check the URL, the credentials and that the database is reachable");
        }
    }

    private static boolean isMySql(String url) {
        return url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:");
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }
}
