package io.wlabridge.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.quartz.TriggerKey;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.JobTrigger;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.ops.JobMBeans;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.SchemaRegistry;

/**
 * Job files edited while the service runs, against real parts (PostgreSQL, in-process broker, registry stand-in):
 * invalid edits are rejected and recorded while the previous version keeps running; a valid edit takes effect.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class RouteReloadIT {

    private static final String JOB = JobFixture.JOB;
    private static final String OLD_RULE = "${body[ttDateTomorrow]} != ${body[ttDateToday].plusDays(1)}";

    @TempDir
    Path routes;

    private JobFixture job;
    private Path jobFile;
    private String original;

    @BeforeEach
    void jobInItsOwnRoutesFolder() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        // CLAIMS deviates (the rule selects it), BILLING follows the normal succession (the rule filters it)
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("BILLING", JobFixture.TT.toString(), JobFixture.TT.plusDays(1).toString());
        Path sql = routes.resolve(JOB + ".sql");
        Files.copy(Path.of("routes", JOB + ".sql"), sql);
        jobFile = routes.resolve(JOB + ".camel.yaml");
        original = Files.readString(Path.of("routes", JOB + ".camel.yaml")).replace("file:routes/" + JOB + ".sql", "file:" + sql);
        assertThat(original).contains(OLD_RULE);
        Files.writeString(jobFile, original);
    }

    @Test
    void invalidEditsAreRejectedAndRecordedWhileThePreviousVersionKeepsRunning() throws Exception {
        Map<String, String> invalid = new java.util.LinkedHashMap<>();
        invalid.put(original.replace("    routeId: " + JOB, "    routeId: [" + JOB), "cannot be loaded");
        invalid.put(original.replace(".sql", ".sql?fetchSizee=5"), "fetchSizee");
        invalid.put(original.replace(OLD_RULE, "${body[ttDateTomorrow] != ${body[ttDateToday].plusDays(1)}"),
                "parameter 'rule' is not a valid simple predicate");
        invalid.put(original.replace("value: TimeTravelDeviation", "value: TimeTravelDeviations"),
                "TimeTravelDeviations.avsc does not exist");
        // a misspelt field reads as null: the rule would be true for every row and send all of them
        invalid.put(original.replace(OLD_RULE, OLD_RULE.replace("ttDateTomorrow", "ttDateTommorow")),
                "parameter 'rule' reads field 'ttDateTommorow', which schema TimeTravelDeviation does not have (did you mean ttDateTomorrow?)");

        try (LogCapture logs = new LogCapture(); BridgeMain bridge = service().start()) {
            JobRun first = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
            assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(first.sent()).isEqualTo(1);
            assertThat(first.filtered()).isEqualTo(1);

            for (Map.Entry<String, String> edit : invalid.entrySet()) {
                String checksum = write(edit.getKey());

                await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("REJECTED", checksum).size() == 1);
                assertThat(reloads("REJECTED", checksum).get(0)).contains(edit.getValue());
                assertThat(logs.lines(Level.ERROR)).anyMatch(l -> l.contains(jobFile.toString()) && l.contains("job " + JOB)
                        && l.contains("edit rejected") && l.contains(edit.getValue()));

                JobRun run = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
                assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
                assertThat(run.filtered()).as("the previous rule still filters BILLING").isEqualTo(1);
                assertThat(run.alreadySent()).isEqualTo(1);
            }
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_route_reload WHERE result = 'REJECTED'"
                    + " AND file = '" + jobFile + "' AND job_id = '" + JOB + "' AND reloaded_at IS NOT NULL")).isEqualTo(invalid.size());
        }
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_route_reload WHERE result = 'ACCEPTED'")).isZero();
    }

    @Test
    void failedRunsCountAcrossAnAcceptedReloadAndARejectedEditShowsWhereOperatorsLook() throws Exception {
        int http = JobFixture.closedPort();
        int management = JobFixture.closedPort();
        javax.management.MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        javax.management.ObjectName mbean = JobMBeans.name(JOB);
        try (BridgeMain bridge = service(Map.of("wla.http.port", String.valueOf(http),
                "wla.management.port", String.valueOf(management))).start()) {
            assertThat(bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            job.db.execute("ALTER TABLE timetravel_mapping RENAME TO timetravel_mapping_away");
            assertThat(bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS).outcome()).isEqualTo(RunOutcome.FAILED);
            job.db.execute("ALTER TABLE timetravel_mapping_away RENAME TO timetravel_mapping");

            assertThat(server.getAttribute(mbean, "RunsFailed")).isEqualTo(1L);
            assertThat(metric(management, "wla_job_runs_failed_total")).isEqualTo(1.0);

            // an accepted edit replaces the route, and with it Camel's route counters; the job's counters go on
            String accepted = write(original.replace("# Daily time-travel job", "# Daily time-travel job (edited)"));
            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("ACCEPTED", accepted).size() == 1);
            assertThat(bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(server.getAttribute(mbean, "RunsTotal")).isEqualTo(3L);
            assertThat(server.getAttribute(mbean, "RunsFailed")).isEqualTo(1L);
            assertThat(metric(management, "wla_job_runs_failed_total")).isEqualTo(1.0);
            assertThat(metric(management, "wla_job_runs_total", "outcome=\"SUCCEEDED\"")).isEqualTo(2.0);
            assertThat(server.getAttribute(mbean, "FileDiffers")).isNull();
            assertThat(metric(management, "wla_job_file_rejected")).isEqualTo(0.0);

            String rejected = write(original.replace(OLD_RULE, OLD_RULE.replace("ttDateTomorrow", "ttDateTommorow")));
            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("REJECTED", rejected).size() == 1);

            String differs = "running version differs from file: parameter 'rule' reads field 'ttDateTommorow'";
            assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(get(http, "/api/jobs")).get("jobs").get(0)
                    .get("fileDiffers").asText()).startsWith(differs).contains("did you mean ttDateTomorrow?");
            assertThat((String) server.getAttribute(mbean, "FileDiffers")).startsWith(differs);
            assertThat(metric(management, "wla_job_file_rejected")).isEqualTo(1.0);
            // health: still ready (the running version is valid), and says which file differs and why
            com.fasterxml.jackson.databind.JsonNode ready = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(get(management, "/observe/health/ready?exposureLevel=full"));
            assertThat(ready.toString()).contains("job-files", differs, "did you mean ttDateTomorrow?");
        }
    }

    /** The value of the job's Prometheus sample {@code name} on /observe/metrics (with {@code label} among its labels). */
    private static double metric(int port, String name, String... label) throws Exception {
        return get(port, "/observe/metrics").lines()
                .filter(l -> l.startsWith(name + "{") && l.contains("job=\"" + JOB + "\""))
                .filter(l -> label.length == 0 || l.contains(label[0]))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).findFirst()
                .orElseThrow(() -> new AssertionError("no sample " + name + " of job " + JOB));
    }

    private static String get(int port, String path) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create("http://127.0.0.1:" + port + path)).timeout(java.time.Duration.ofSeconds(20)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void versionThatPassesTheCheckButCannotStartIsRolledBack() throws Exception {
        try (LogCapture logs = new LogCapture(); BridgeMain bridge = service().start()) {
            // a valid cron whose last fire has passed: only Quartz refuses it, when the new route starts
            String checksum = write(original.replace("value: \"{{wla.timetravel.cron:0 30 5 ? * MON-FRI}}\"",
                    "value: \"0 0 0 1 1 ? 2020\""));

            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("REJECTED", checksum).size() == 1);
            assertThat(reloads("REJECTED", checksum).get(0)).contains("the previous one runs again");
            assertThat(bridge.setup().catalog().job(JOB).cron()).isEqualTo("0 0 0 1 1 ? 2099");
            assertThat(bridge.setup().trigger().scheduler().getTrigger(TriggerKey.triggerKey(JOB, JobTrigger.GROUP))
                    .getNextFireTime()).isAfter("2098-12-31");
            JobRun run = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.filtered()).isEqualTo(1);
        }
    }

    @Test
    void validEditTakesEffectForTheNextRun() throws Exception {
        try (LogCapture logs = new LogCapture(); BridgeMain bridge = service().start()) {
            JobRun before = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
            assertThat(before.sent()).isEqualTo(1);

            String checksum = write(original.replace(OLD_RULE, "${body[systemId]} == 'BILLING'"));

            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("ACCEPTED", checksum).size() == 1);
            assertThat(logs.lines(Level.INFO)).anyMatch(l -> l.contains("job " + JOB + " reloaded"));
            JobRun after = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
            assertThat(after.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(after.filtered()).as("the new rule filters CLAIMS").isEqualTo(1);
            assertThat(after.sent()).as("and sends BILLING").isEqualTo(1);

            // a save that changes nothing is no reload
            write(original.replace(OLD_RULE, "${body[systemId]} == 'BILLING'"));
            String reverted = write(original);
            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("ACCEPTED", reverted).size() == 1);
        }
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_route_reload")).isEqualTo(2);
        assertThat(job.read(job.topic)).extracting(r -> r.key()).containsExactly("CLAIMS", "BILLING");
    }

    @Test
    void editedSqlAndDeadlineTakeEffectAndTheJobStaysScheduledAndManaged() throws Exception {
        Path sql = routes.resolve(JOB + ".sql");
        try (BridgeMain bridge = service().start()) {
            assertThat(bridge.context().getRoute(JOB + "-deadline")).isNotNull();

            String sqlChecksum = write(sql, Files.readString(sql).replace("ORDER BY", "AND system_id = 'BILLING' ORDER BY"));
            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("ACCEPTED", sqlChecksum).size() == 1);
            JobRun run = bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS);
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.read()).as("the edited query reads BILLING only").isEqualTo(1);

            String checksum = write(jobFile, original.replace("value: \"{{wla.timetravel.deadline:0 0 7 ? * MON-FRI}}\"",
                    "value: none"));
            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("ACCEPTED", checksum).size() == 1);
            assertThat(bridge.context().getRoute(JOB + "-deadline")).as("no deadline, no deadline watch").isNull();
            assertThat(bridge.setup().catalog().job(JOB).deadline()).isNull();
            assertThat(bridge.setup().trigger().scheduler().getTrigger(TriggerKey.triggerKey(JOB, JobTrigger.GROUP))
                    .getNextFireTime()).isAfter("2098-12-31");
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(JobMBeans.name(JOB))).isTrue();

            Files.delete(jobFile);
            await().atMost(30, TimeUnit.SECONDS).until(() -> job.db.count("SELECT COUNT(*) FROM wla_route_reload"
                    + " WHERE result = 'REJECTED' AND checksum IS NULL AND reason LIKE 'file removed%'") == 1);
            assertThat(bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS).outcome())
                    .as("the job of a removed file keeps running").isEqualTo(RunOutcome.SUCCEEDED);
        }
    }

    @Test
    void newJobFileAddsAScheduledManagedJob() throws Exception {
        String extra = "timetravel-extra";
        Path extraFile = routes.resolve(extra + ".camel.yaml");
        try (BridgeMain bridge = service().start()) {
            String checksum = write(extraFile, original.replace("routeId: " + JOB, "routeId: " + extra)
                    .replace("value: " + JOB, "value: " + extra));

            await().atMost(30, TimeUnit.SECONDS).until(() -> reloads("ACCEPTED", checksum).size() == 1);
            assertThat(bridge.setup().catalog().job(extra).source()).isNotNull();
            assertThat(ManagementFactory.getPlatformMBeanServer().isRegistered(JobMBeans.name(extra))).isTrue();
            assertThat(bridge.context().getRoute(extra + "-deadline")).isNotNull();
            JobRun run = bridge.setup().trigger().fire(extra, "test").get(60, TimeUnit.SECONDS);
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.sent()).isEqualTo(1);
            assertThat(bridge.setup().trigger().fire(JOB, "test").get(60, TimeUnit.SECONDS).sent())
                    .as("the existing job is untouched and has its own sent ledger").isEqualTo(1);
        }
    }

    private BridgeMain service() {
        return service(Map.of());
    }

    private BridgeMain service(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(job.settings(Map.of(
                "camel.main.routesIncludePattern", "classpath:camel/*.camel.yaml,file:" + routes + "/*.camel.yaml",
                "wla.reload.debounce-ms", "200")));
        settings.putAll(extra);
        return new BridgeMain(Options.parse().withOverrides(settings));
    }

    private String write(String content) throws Exception {
        return write(jobFile, content);
    }

    private static String write(Path file, String content) throws Exception {
        Files.writeString(file, content);
        return JobReloader.checksum(file);
    }

    /** The reasons of the recorded reloads with that result and checksum. */
    private List<String> reloads(String result, String checksum) throws Exception {
        List<String> reasons = new ArrayList<>();
        try (Connection c = job.db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT reason FROM wla_route_reload WHERE result = '" + result
                        + "' AND checksum = '" + checksum + "'")) {
            while (rs.next()) {
                reasons.add(String.valueOf(rs.getString(1)));
            }
        }
        return reasons;
    }
}
