package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

/** The bridge gives back what it holds: closing it closes its database connection pool. */
class BridgeMainIT {

    @Test
    void closingTheBridgeClosesItsConnectionPool() throws Exception {
        Options options = Options.parse("run").withOverrides(Map.of(
                "wla.datasource.url", "jdbc:h2:mem:bridge-main-it",
                "wla.kafka.bootstrap-servers", "127.0.0.1:1",
                "wla.registry.url", "http://127.0.0.1:1",
                "wla.timetravel.cron", "0 0 0 1 1 ? 2099"));
        HikariDataSource pool;
        try (BridgeMain bridge = new BridgeMain(options).start()) {
            pool = bridge.context().getRegistry().lookupByNameAndType("dataSource", HikariDataSource.class);
            assertThat(pool.isRunning()).isTrue();
        }
        assertThat(pool.isClosed()).isTrue();
    }
}
