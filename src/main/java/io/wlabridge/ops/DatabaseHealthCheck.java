package io.wlabridge.ops;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.JobCatalog;

/**
 * Readiness: a database answers, the bridge's own (check {@code database}, bean {@code dataSource}) or a source jobs
 * read (check {@code source-<name>}, bean {@code wlaSource-<name>}). Takes a connection on every check (the bean looked
 * up each time, so the check follows whatever DataSource the bridge uses) and validates it.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final int VALID_TIMEOUT_SECONDS = 5;

    private final String bean;
    private final String what;
    private final String urlKey;

    /** The bridge's own database (wla.datasource). */
    public DatabaseHealthCheck() {
        this("database", "dataSource", "job database", WlaOptions.DATASOURCE_URL.name());
    }

    private DatabaseHealthCheck(String id, String bean, String what, String urlKey) {
        super("wla", id);
        this.bean = bean;
        this.what = what;
        this.urlKey = urlKey;
    }

    /** Source {@code name} (wla.source.&lt;name&gt;). */
    public static DatabaseHealthCheck source(String name) {
        return new DatabaseHealthCheck("source-" + name, JobCatalog.sourceBean(name), "source " + name,
                WlaOptions.source(WlaOptions.SOURCE_URL, name).name());
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        DataSource dataSource = getCamelContext().getRegistry().lookupByNameAndType(bean, DataSource.class);
        if (dataSource == null) {
            builder.down().message("no bean " + bean);
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALID_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.down().message(what + " connection is not valid");
            }
        } catch (Exception e) {
            builder.down().message(what + " unreachable: " + e.getMessage() + " - check " + urlKey).error(e);
        }
    }
}
