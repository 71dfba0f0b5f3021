package io.wlabridge.ops;

import java.sql.Connection;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the job database answers. Takes a connection from bean {@code dataSource} on every check (looked up
 * each time, so the check follows whatever DataSource the bridge uses) and validates it.
 */
public final class DatabaseHealthCheck extends AbstractHealthCheck {

    private static final int VALID_TIMEOUT_SECONDS = 5;

    public DatabaseHealthCheck() {
        super("wla", "database");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        DataSource dataSource = getCamelContext().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        if (dataSource == null) {
            builder.down().message("no bean dataSource");
            return;
        }
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isValid(VALID_TIMEOUT_SECONDS)) {
                builder.up();
            } else {
                builder.down().message("job database connection is not valid");
            }
        } catch (Exception e) {
            builder.down().message("job database unreachable: " + e.getMessage() + " - check wla.datasource.url").error(e);
        }
    }
}
