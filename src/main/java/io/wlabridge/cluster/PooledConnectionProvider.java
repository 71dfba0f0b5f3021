package io.wlabridge.cluster;

import java.sql.Connection;
import java.sql.SQLException;

import javax.sql.DataSource;

import org.quartz.utils.ConnectionProvider;

/** Hands Quartz's JDBC job store connections of the bridge's own pool; the bridge closes the pool, not Quartz. */
public final class PooledConnectionProvider implements ConnectionProvider {

    private final DataSource dataSource;

    public PooledConnectionProvider(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return dataSource.getConnection();
    }

    @Override
    public void shutdown() {
        // the pool belongs to the bridge (BridgeSetup closes it when the context stops)
    }

    @Override
    public void initialize() {
        // the pool is already running
    }
}
