package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.demo.DemoData;
import io.wlabridge.testing.ConfluentDecoder;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.MariaDb;
import io.wlabridge.testing.SchemaRegistry;

/**
 * The time-travel job on a second real database, MariaDB, whose driver the jar does not bundle: it comes from a drivers
 * folder (wla.drivers.dir). Once reading the framework's table from a MariaDB source while the bridge keeps its state
 * on PostgreSQL, once with everything on MariaDB, the clustered scheduler's Quartz tables included.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class TimeTravelMariaDbIT {

    private static final java.time.LocalDate TT = JobFixture.TT;

    private JobFixture job;
    private final MariaDb framework = new MariaDb();

    @BeforeEach
    void mappingTableOnMariaDb() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        DemoData.createTable(framework.dataSource());
        row("BILLING", TT.toString(), TT.plusDays(1).toString());
        row("CLAIMS", TT.toString(), TT.plusDays(7).toString());
        row("LEDGER", TT.toString(), TT.toString());
        row("POLICY", TT.toString(), german(TT.plusDays(1)));
    }

    @Test
    void theJobReadsItsMariaDbSourceWhileTheBridgesTablesStayOnPostgres() throws Exception {
        JobRun first = job.run(frameworkSource(Map.of()));
        JobRun again = job.run(frameworkSource(Map.of()));

        assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(first.read()).isEqualTo(4);
        assertThat(first.sent()).isEqualTo(2);
        assertThat(again.sent()).isZero();
        assertThat(again.alreadySent()).isEqualTo(2);
        List<ConsumerRecord<String, byte[]>> records = job.read(job.topic);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("CLAIMS", "LEDGER");
        GenericRecord claims = new ConfluentDecoder(SchemaRegistry.url()).decode(records.get(0).value());
        assertThat(claims.get("validOn")).isEqualTo((int) JobFixture.RUN_DATE.toEpochDay());
        assertThat(claims.get("ttDateTomorrow")).isEqualTo((int) TT.plusDays(7).toEpochDay());
        assertThat(JobFixture.header(records.get(0), "wla.event.id"))
                .isEqualTo("CLAIMS|ACC|" + JobFixture.RUN_DATE + "|" + TT.plusDays(7));
        // state on PostgreSQL, none of it on the source
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE outcome = 'SUCCEEDED'")).isEqualTo(2);
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isEqualTo(2);
        assertThat(framework.count("SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = '"
                + framework.database() + "' AND table_name LIKE 'wla%'")).isZero();
    }

    @Test
    void aQueryThatWritesToAReadOnlySourceFailsTheRunSayingSo() throws Exception {
        // a job of its own, whose query deletes instead of reading
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory(java.nio.file.Path.of("target"), "readonly-");
        java.nio.file.Files.writeString(dir.resolve("delete-mapping.camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: wla-job
                    routeId: delete-mapping
                    parameters:
                      - {name: jobId, value: delete-mapping}
                      - {name: cron, value: "0 0 0 1 1 ? 2099"}
                      - {name: source, value: framework}
                      - {name: query, value: "DELETE FROM timetravel_mapping"}
                      - {name: schema, value: TimeTravelDeviation}
                      - {name: topic, value: "%s"}
                      - {name: keyColumn, value: system_id}
                      - {name: idColumns, value: system_id}
                """.formatted(job.topic));
        Map<String, String> settings = job.settings(frameworkSource(Map.of("camel.main.routes-include-pattern",
                "classpath:camel/*.camel.yaml,file:" + dir.toAbsolutePath().toString().replace('\\', '/') + "/*.camel.yaml")));
        settings.remove("wla.timetravel.source");

        JobRun run;
        try (LogCapture logs = new LogCapture();
                BridgeMain bridge = new BridgeMain(Options.parse("run", "delete-mapping").withOverrides(settings)).start()) {
            run = io.wlabridge.cli.RunCommand.runOnce(bridge, "delete-mapping", "test");
            assertThat(logs.lines(Level.ERROR)).hasSize(1).first().asString()
                    .contains("delete-mapping").contains("read-only");
        }

        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains("its source is read-only").contains("change the query");
        assertThat(framework.count("SELECT COUNT(*) FROM timetravel_mapping")).isEqualTo(4);
    }

    @Test
    void everythingOnMariaDbTheClusteredSchedulersTablesIncluded() throws Exception {
        Map<String, String> settings = job.settings(frameworkSource(Map.of(
                "wla.datasource.url", framework.url(),
                "wla.datasource.username", MariaDb.USER,
                "wla.drivers.dir", MariaDb.driversFolder().toString(),
                "wla.timetravel.cron", "* * * * * ?",
                "wla.cluster.enabled", "true",
                "wla.cluster.instance-name", "maria-a",
                "wla.cluster.checkin-interval-ms", "1000",
                "camel.main.routes-include-pattern", "classpath:camel/*.camel.yaml,file:routes/timetravel-daily.camel.yaml")));
        try (BridgeMain service = new BridgeMain(Options.parse().withOverrides(settings)).start()) {
            await().atMost(Duration.ofSeconds(90)).until(() -> framework.count(
                    "SELECT COUNT(*) FROM wla_run WHERE outcome = 'SUCCEEDED'") >= 3);
            // the job reads its source (the same MariaDB, through a read-only pool of its own): a readiness check each
            org.apache.camel.health.HealthCheckRegistry health = org.apache.camel.health.HealthCheckRegistry.get(service.context());
            assertThat(List.of("database", "source-framework")).allSatisfy(id -> assertThat(health.getCheck(id)).as(id)
                    .hasValueSatisfying(check -> assertThat(check.call().getState())
                            .isEqualTo(org.apache.camel.health.HealthCheck.State.UP)));
        }

        assertThat(framework.count("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE INSTANCE_NAME = 'maria-a'")).isEqualTo(1);
        assertThat(framework.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP = 'wla' AND JOB_NAME = 'timetravel-daily'")).isEqualTo(1);
        assertThat(framework.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isEqualTo(2);
        assertThat(framework.count("SELECT SUM(rows_sent) FROM wla_run")).isEqualTo(2);
        assertThat(job.read(job.topic)).extracting(ConsumerRecord::key).containsExactly("CLAIMS", "LEDGER");
    }

    @Test
    void checkNamesTheSourceItsDriverAndItsJobsAndASourceThatIsDownFailsOnlyItsOwnLine() throws Exception {
        List<String> up = check(frameworkSource(Map.of()));
        List<String> down = check(frameworkSource(Map.of("wla.source.framework.url",
                "jdbc:mariadb://127.0.0.1:" + JobFixture.closedPort() + "/framework", "wla.datasource.connection-timeout-ms", "3000")));

        assertThat(up).anyMatch(line -> line.startsWith("OK   source framework (jobs [timetravel-daily]): MariaDB 10.")
                && line.contains("read-only") && line.contains("driver MariaDB Connector/J 3.5"));
        assertThat(up).anyMatch(line -> line.startsWith("OK   database: PostgreSQL") && line.contains("driver PostgreSQL JDBC Driver"));
        assertThat(down).anyMatch(line -> line.startsWith("FAIL source framework (jobs [timetravel-daily]): ")
                && line.endsWith("- check wla.source.framework.url, the credentials and the network"));
        assertThat(down).anyMatch(line -> line.startsWith("OK   database: PostgreSQL"));
    }

    private List<String> check(Map<String, String> settings) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        io.wlabridge.cli.CheckCommand.execute(Options.parse("check").withOverrides(job.settings(settings)),
                new java.io.PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        return out.toString(java.nio.charset.StandardCharsets.UTF_8).lines().toList();
    }

    /** The job reads source framework: the MariaDB database, its driver from the drivers folder. */
    private Map<String, String> frameworkSource(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "wla.timetravel.source", "framework",
                "wla.source.framework.url", framework.url(),
                "wla.source.framework.username", MariaDb.USER,
                "wla.drivers.dir", MariaDb.driversFolder().toString()));
        settings.putAll(extra);
        return settings;
    }

    private void row(String system, String today, String tomorrow) throws Exception {
        DemoData.insert(framework.dataSource(), system, DemoData.ENVIRONMENT, JobFixture.RUN_DATE, today, tomorrow);
    }

    private static String german(java.time.LocalDate date) {
        return String.format("%02d.%02d.%d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
    }
}
