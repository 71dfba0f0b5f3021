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
import java.time.Instant;
import java.time.LocalDate;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import ch.qos.logback.classic.Level;
import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.demo.DemoData;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.Postgres;
import io.wlabridge.testing.TcpRelay;

/** The service's operations side against real parts: JMX, the execution checker, incidents, health and metrics. */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class OperationsIT {

    private static final String JOB = JobFixture.JOB;
    private static final ObjectMapper JSON = new ObjectMapper();


    private JobFixture job;
    private int httpPort;
    private int apiPort;

    @BeforeEach
    void freshSchemaAndTopics() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        httpPort = JobFixture.closedPort();
        apiPort = JobFixture.closedPort();
    }

    @Test
    void jobMBeanShowsTheLastRunFromTheLedgerAndTriggerNowStartsOne() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName("io.wlabridge:type=jobs,name=" + JOB);
        try (BridgeMain bridge = service(Map.of()).start()) {
            assertThat(server.isRegistered(name)).isTrue();
            assertThat(server.getAttribute(name, "LastRunId")).isNull();
            assertThat((Date) server.getAttribute(name, "NextFireTime")).isAfter("2098-12-31");

            String runId = (String) server.invoke(name, "triggerNow", null, null);

            await().atMost(60, TimeUnit.SECONDS).until(() -> job.db.count("SELECT COUNT(*) FROM wla_run WHERE run_id = '"
                    + runId + "' AND ended_at IS NOT NULL") == 1);
            assertThat(server.getAttribute(name, "LastRunId")).isEqualTo(runId);
            assertThat(server.getAttribute(name, "LastOutcome")).isEqualTo("SUCCEEDED");
            assertThat(server.getAttribute(name, "LastTrigger")).isEqualTo("jmx");
            assertThat((Date) server.getAttribute(name, "LastRunStart")).isNotNull();
            assertThat((Date) server.getAttribute(name, "LastRunEnd")).isNotNull();
            assertThat(server.getAttribute(name, "RowsRead")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "RowsSent")).isEqualTo(1L);
            assertThat(server.getAttribute(name, "RowsAlreadySent")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "RowsDeadLettered")).isEqualTo(0L);
            assertThat(server.getAttribute(name, "OpenIncidents")).isEqualTo(0);
        }
        assertThat(server.isRegistered(name)).isFalse();
    }

    @Test
    void secondRunInTheSameServiceSendsItsRows() throws Exception {
        // a service fires a job day after day in one Camel context: every run must split its rows the same way
        try (BridgeMain bridge = service(Map.of()).start()) {
            JobRun first = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
            job.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(9).toString());
            job.row("BILLING", JobFixture.TT.toString(), JobFixture.TT.plusDays(1).toString());
            JobRun second = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);

            assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(first.sent()).isEqualTo(1);
            assertThat(second.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(second.read()).isEqualTo(3);
            assertThat(second.filtered()).isEqualTo(1);
            assertThat(second.alreadySent()).isEqualTo(1);
            assertThat(second.sent()).isEqualTo(1);
            assertThat(second.deadLettered()).isZero();
        }
        assertThat(job.read(job.topic)).extracting(r -> r.key()).containsExactlyInAnyOrder("CLAIMS", "LEDGER");
    }

    @Test
    void aFireWithItsOwnRunDateReadsThatDaysRows() throws Exception {
        // a day to catch up on the running service: its rows, not the service's run date's
        LocalDate dayBefore = JobFixture.RUN_DATE.minusDays(1);
        DemoData.insert(job.db.dataSource(), "PAYROLL", DemoData.ENVIRONMENT, dayBefore, JobFixture.TT.toString(),
                JobFixture.TT.plusDays(3).toString());
        try (BridgeMain bridge = service(Map.of()).start()) {
            JobRun caughtUp = bridge.setup().trigger().fire(JOB, "test", dayBefore).get(60, TimeUnit.SECONDS);
            JobRun today = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);

            assertThat(caughtUp.runDate()).isEqualTo(dayBefore);
            assertThat(caughtUp.read()).isEqualTo(1);
            assertThat(caughtUp.sent()).isEqualTo(1);
            assertThat(today.runDate()).isEqualTo(JobFixture.RUN_DATE);
            assertThat(today.sent()).isEqualTo(1);
        }
        assertThat(job.read(job.topic)).extracting(r -> r.key()).containsExactlyInAnyOrder("PAYROLL", "CLAIMS");
    }

    @Test
    void theLedgerAndApiJobsShowWhereEachRunRanAndWhichFireItBelongsTo() throws Exception {
        String host = java.net.InetAddress.getLocalHost().getHostName();
        try (BridgeMain bridge = service(Map.of()).start()) {
            JobRun run = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);

            assertThat(run.instance()).isEqualTo(host);
            assertThat(run.fireTime()).isNotNull().isBeforeOrEqualTo(run.started());
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE run_id = '" + run.runId() + "' AND instance_id = '"
                    + host + "' AND fire_time IS NOT NULL")).isEqualTo(1);
            HttpResponse<String> jobs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/api/jobs")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode lastRun = JSON.readTree(jobs.body()).get("jobs").get(0).get("lastRun");
            assertThat(lastRun.get("runId").asText()).isEqualTo(run.runId());
            assertThat(lastRun.get("instance").asText()).isEqualTo(host);
            assertThat(java.time.Instant.parse(lastRun.get("fireTime").asText())).isEqualTo(run.fireTime());
        }
    }

    @Test
    void missedDeadlineRaisesOneIncidentAndALaterSuccessfulRunResolvesIt() throws Exception {
        // the job is due every midnight and has never run here; its deadline is checked every second
        Map<String, String> settings = Map.of("wla.timetravel.cron", "0 0 0 * * ?", "wla.timetravel.deadline", "* * * * * ?");
        try (LogCapture logs = new LogCapture(); BridgeMain bridge = service(settings).start()) {
            await().atMost(30, TimeUnit.SECONDS).until(() -> job.db.count("SELECT COUNT(*) FROM wla_incident WHERE"
                    + " cause = 'DEADLINE_MISSED' AND resolved_at IS NULL AND notified_at IS NOT NULL") == 1);
            DeadlineWatch checker = bridge.context().getRegistry().lookupByNameAndType("deadlineWatch", DeadlineWatch.class);
            assertThat(checker.check(JOB, Instant.now())).isTrue();
            assertThat(checker.check(JOB, Instant.now())).isTrue();
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident")).isEqualTo(1);
            assertThat(logs.lines(Level.ERROR)).hasSize(1).first().asString().contains(JOB).contains("DEADLINE_MISSED");

            JobRun run = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);

            await().atMost(30, TimeUnit.SECONDS).until(() -> job.db.count("SELECT COUNT(*) FROM wla_incident WHERE"
                    + " resolved_at IS NOT NULL AND resolved_by = '" + run.runId() + "'") == 1);
            assertThat(checker.check(JOB, Instant.now())).isFalse();
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident")).isEqualTo(1);
            assertThat(logs.lines(Level.INFO)).anyMatch(l -> l.contains("DEADLINE_MISSED") && l.contains("resolved by run " + run.runId()));
        }
        List<JsonNode> events = events();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).get("cause").asText()).isEqualTo("DEADLINE_MISSED");
        assertThat(events.get(0).get("severity").asText()).isEqualTo("ERROR");
        assertThat(events.get(1).get("resolved").asBoolean()).isTrue();
        assertThat(events.get(1).get("incidentId").asText()).isEqualTo(events.get(0).get("incidentId").asText());
    }

    @Test
    void failedRunsOpenOneRunFailedIncidentAndTheNextSuccessResolvesIt() throws Exception {
        Map<String, String> registryDown = Map.of("wla.registry.url", "http://127.0.0.1:" + JobFixture.closedPort(),
                "wla.registry.retries", "0");
        JobRun first = job.run(registryDown);
        JobRun second = job.run(registryDown);
        assertThat(first.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(second.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident WHERE cause = 'RUN_FAILED' AND run_id = '"
                + first.runId() + "' AND notified_at >= opened_at AND resolved_at IS NULL")).isEqualTo(1);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident")).isEqualTo(1);

        JobRun success = job.run(Map.of());

        assertThat(success.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident WHERE resolved_by = '" + success.runId() + "'"))
                .isEqualTo(1);
        List<JsonNode> events = events();
        // one escalation per failed run (the first opens the incident, the second joins it), then the resolution
        assertThat(events).hasSize(3);
        assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("opened", "repeated", "resolved");
        assertThat(events).extracting(e -> e.get("incidentId").asText()).containsOnly(events.get(0).get("incidentId").asText());
        assertThat(events).extracting(e -> e.get("cause").asText()).containsOnly("RUN_FAILED");
        assertThat(events).extracting(e -> e.get("openedByRunId").asText()).containsOnly(first.runId());
        assertThat(events).extracting(e -> e.get("runId").asText()).containsExactly(first.runId(), second.runId(), success.runId());
        assertThat(events.get(1).get("error").asText()).contains("wla.registry.url");
        assertThat(events.get(2).get("resolved").asBoolean()).isTrue();
        assertThat(events.get(2).get("resolvedByRunId").asText()).isEqualTo(success.runId());
    }

    @Test
    void readyWithTheDatabaseUpAndNotReadyWhenItBecomesUnreachable() throws Exception {
        // The bridge reaches PostgreSQL through a relay; closing the relay makes the database unreachable for the
        // bridge's own pool (as a closed port would) without stopping the PostgreSQL the other tests share. A closed
        // port cannot be given at startup: the pool fails fast there, by design.
        URI postgres = URI.create(Postgres.HOST_URL.substring("jdbc:".length()));
        try (TcpRelay relay = new TcpRelay(postgres.getHost(), postgres.getPort())) {
            String viaRelay = job.db.url().replace(postgres.getHost() + ":" + postgres.getPort(), "127.0.0.1:" + relay.port());
            Map<String, String> settings = Map.of("wla.datasource.url", viaRelay,
                    "wla.datasource.connection-timeout-ms", "2000");
            try (BridgeMain bridge = service(settings).start()) {
                await().atMost(30, TimeUnit.SECONDS).until(() -> get("/observe/health/ready").statusCode() == 200);
                assertThat(get("/observe/health").statusCode()).isEqualTo(200);

                relay.close();

                await().atMost(30, TimeUnit.SECONDS).until(() -> get("/observe/health/ready").statusCode() == 503);
                assertThat(get("/observe/health/ready?exposureLevel=full").body())
                        .contains("\"name\":\"database\",\"status\":\"DOWN\"");
                assertThat(get("/observe/health/live").statusCode()).isEqualTo(200);
            }
        }
    }

    @Test
    void metricsArePrometheusTextWithTheJobRoute() throws Exception {
        try (BridgeMain bridge = service(Map.of()).start()) {
            bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);

            HttpResponse<String> metrics = get("/observe/metrics");

            assertThat(metrics.statusCode()).isEqualTo(200);
            assertThat(metrics.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
            assertThat(metrics.body()).contains("# TYPE").contains("camel_exchanges").contains("routeId=\"" + JOB + "\"");
        }
    }

    private BridgeMain service(Map<String, String> extra) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of("wla.management.port", String.valueOf(httpPort),
                "wla.http.port", String.valueOf(apiPort)));
        settings.putAll(extra);
        return new BridgeMain(Options.parse().withOverrides(job.settings(settings)));
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : job.read(job.escalations)) {
            events.add(JSON.readTree(record.value()));
        }
        return events;
    }
}
