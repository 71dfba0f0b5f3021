package io.wlabridge.app;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;

/** The pooled DataSource of the job database (HikariCP); any JDBC driver on the classpath works. */
public final class DataSources {

    private DataSources() {
    }

    public static HikariDataSource create(Settings settings) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("wla-db");
        config.setJdbcUrl(settings.get(WlaOptions.DATASOURCE_URL));
        config.setUsername(settings.get(WlaOptions.DATASOURCE_USERNAME));
        config.setPassword(settings.get(WlaOptions.DATASOURCE_PASSWORD));
        config.setMaximumPoolSize(settings.getInt(WlaOptions.DATASOURCE_POOL_SIZE));
        config.setConnectionTimeout(settings.getLong(WlaOptions.DATASOURCE_CONNECTION_TIMEOUT_MS));
        if (config.getJdbcUrl().startsWith("jdbc:postgresql:") && !config.getJdbcUrl().contains("reWriteBatchedInserts")) {
            // the sent ledger's batches of plain INSERTs become multi-row INSERTs: one round trip per many rows
            config.addDataSourceProperty("reWriteBatchedInserts", "true");
        }
        // PostgreSQL streams a result set only inside a transaction; the bridge commits its own writes explicitly
        config.setAutoCommit(false);
        // fail fast at startup when the database is down, instead of on the first run
        config.setInitializationFailTimeout(10_000);
        try {
            return new HikariDataSource(config);
        } catch (RuntimeException e) {
            throw new ConfigException(WlaOptions.DATASOURCE_URL.name() + ": cannot connect to the job database: "
                    + rootMessage(e) + " - check the URL, the credentials and that the database is reachable");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }
}
