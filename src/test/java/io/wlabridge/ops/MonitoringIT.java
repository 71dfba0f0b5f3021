package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;
import io.wlabridge.testing.TcpRelay;

/**
 * Issue 4 item 6 beyond {@link OperationsIT}: Camel's own route MBeans, and readiness that turns DOWN when Kafka or
 * the Schema Registry cannot be reached (the database case is in OperationsIT).
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class MonitoringIT {

    private JobFixture job;
    private int managementPort;

    @BeforeEach
    void freshSchemaAndTopics() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        managementPort = JobFixture.closedPort();
    }

    @Test
    void camelRouteMBeansCountTheJobsExchanges() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName route = new ObjectName("org.apache.camel:context=wla-bridge,type=routes,name=\"" + JobFixture.JOB + "\"");
        try (BridgeMain bridge = service(Map.of()).start()) {
            assertThat(server.isRegistered(route)).isTrue();
            long before = (Long) server.getAttribute(route, "ExchangesCompleted");

            bridge.setup().trigger().fire(JobFixture.JOB, "test").get(60, TimeUnit.SECONDS);

            assertThat((Long) server.getAttribute(route, "ExchangesCompleted")).isEqualTo(before + 1);
            assertThat(server.getAttribute(route, "State")).isEqualTo("Started");
            assertThat(server.isRegistered(new ObjectName("org.apache.camel:context=wla-bridge,type=routes,"
                    + "name=\"overview-api-jobs\""))).isTrue();
        }
    }

    @Test
    void notReadyWhileKafkaIsUnreachable() throws Exception {
        String nowhere = "127.0.0.1:" + JobFixture.closedPort();
        try (BridgeMain bridge = service(Map.of("wla.kafka.bootstrap-servers", nowhere)).start()) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> get("/observe/health/ready").statusCode() == 503);
            assertThat(get("/observe/health/ready?exposureLevel=full").body())
                    .contains("\"name\":\"kafka\",\"status\":\"DOWN\"");
            assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void notReadyWhenTheRegistryBecomesUnreachable() throws Exception {
        URI registry = URI.create(SchemaRegistry.url());
        try (TcpRelay relay = new TcpRelay(registry.getHost(), registry.getPort())) {
            String viaRelay = "http://127.0.0.1:" + relay.port();
            try (BridgeMain bridge = service(Map.of("wla.registry.url", viaRelay)).start()) {
                await().atMost(60, TimeUnit.SECONDS).until(() -> get("/observe/health/ready").statusCode() == 200);

                relay.close();

                await().atMost(60, TimeUnit.SECONDS).until(() -> get("/observe/health/ready").statusCode() == 503);
                assertThat(get("/observe/health/ready?exposureLevel=full").body())
                        .contains("\"name\":\"registry\",\"status\":\"DOWN\"");
                assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
            }
        }
    }

    private BridgeMain service(Map<String, String> extra) throws IOException {
        Map<String, String> settings = new HashMap<>(Map.of("wla.management.port", String.valueOf(managementPort),
                "wla.http.port", String.valueOf(JobFixture.closedPort())));
        settings.putAll(extra);
        return new BridgeMain(Options.parse().withOverrides(job.settings(settings)));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
