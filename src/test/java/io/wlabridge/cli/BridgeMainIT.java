package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.zaxxer.hikari.HikariDataSource;

import io.wlabridge.testing.JobFixture;

/**
 * The bridge gives back what it holds: closing it closes its database connection pool. A service whose port another
 * instance holds does not start.
 */
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

    @Test
    void aSecondInstanceWhosePortsTheFirstHoldsRefusesToStartNamingTheProperty() throws Exception {
        int http = JobFixture.closedPort();
        int management = JobFixture.closedPort();
        Options first = Options.parse().withOverrides(service("first", http, management));
        try (BridgeMain running = new BridgeMain(first).start()) {
            assertThat(running.context().isStarted()).isTrue();

            Result managementTaken = service(service("second", JobFixture.closedPort(), management));
            assertThat(managementTaken.exit()).isEqualTo(1);
            assertThat(managementTaken.err()).hasLineCount(1).startsWith("wla-bridge: wla.management.port is "
                    + management + " but 127.0.0.1:" + management + " cannot be bound")
                    .contains("set wla.management.port (WLA_MANAGEMENT_PORT) to a free port");

            Result httpTaken = service(service("second", http, JobFixture.closedPort()));
            assertThat(httpTaken.exit()).isEqualTo(1);
            assertThat(httpTaken.err()).hasLineCount(1).startsWith("wla-bridge: wla.http.port is " + http + " but 0.0.0.0:" + http)
                    .contains("set wla.http.port (WLA_HTTP_PORT) to a free port");
        }
    }

    record Result(int exit, String err) {
    }

    private static Map<String, String> service(String name, int http, int management) {
        return Map.of("wla.datasource.url", "jdbc:h2:mem:bridge-main-" + name,
                "wla.kafka.bootstrap-servers", "127.0.0.1:1",
                "wla.registry.url", "http://127.0.0.1:1",
                "wla.timetravel.cron", "0 0 0 1 1 ? 2099",
                "wla.reload.enabled", "false",
                "wla.http.port", String.valueOf(http),
                "wla.management.port", String.valueOf(management));
    }

    /** The service as the command line starts it (wla-bridge --key=value ...): its exit code and stderr. */
    private static Result service(Map<String, String> settings) {
        String[] args = settings.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            return new Result(Commands.execute(args), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
