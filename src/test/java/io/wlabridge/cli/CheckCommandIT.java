package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.SchemaRegistry;

/** `check`, the preflight: one line per check against real PostgreSQL, Kafka and registry; exit 1 on any FAIL. */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class CheckCommandIT {

    private JobFixture job;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void fixture() {
        SchemaRegistry.registry().allowAnonymous();
        job = new JobFixture(SchemaRegistry.url());
    }

    @Test
    void everythingReachableAndInPlacePasses() {
        KafkaBroker.broker().createTopic(job.topic, 3);

        assertThat(check(Map.of())).isZero();
        assertThat(lines()).allMatch(line -> line.startsWith("OK   "))
                .anyMatch(line -> line.startsWith("OK   database: PostgreSQL"))
                .anyMatch(line -> line.startsWith("OK   delivery exactly-once: Kafka transactions available")
                        && line.contains("isolation.level=read_committed"))
                .anyMatch(line -> line.startsWith("OK   kafka topic " + job.topic + " (job timetravel-daily): 3 partition(s)"))
                .anyMatch(line -> line.startsWith("OK   registry subject " + job.topic + "-value (job timetravel-daily)"));
    }

    @Test
    void theRuleIsEvaluatedOnTheRunDatesRowsAndNothingIsSent() throws Exception {
        KafkaBroker.broker().createTopic(job.topic, 1);
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("BILLING", JobFixture.TT.toString(), JobFixture.TT.plusDays(1).toString());
        job.row("PAYROLL", JobFixture.TT.toString(), "31.02.2027");

        assertThat(check(Map.of())).isZero();

        assertThat(lines()).contains("OK   query routes/timetravel-daily.sql (job timetravel-daily): returns every column"
                        + " job timetravel-daily needs (5 columns)")
                .contains("OK   rule (job timetravel-daily): selects 1 of 3 row(s) read for run date " + JobFixture.RUN_DATE
                        + " (1 would be dead-lettered); nothing sent");
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isZero();
    }

    @Test
    void aRuleThatSelectsEveryRowWhereTheLastRunsSelectedFewIsAWarning() throws Exception {
        KafkaBroker.broker().createTopic(job.topic, 1);
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(2).toString());
        check(Map.of()); // creates the bridge's tables
        stdout.reset();
        for (int day = 1; day <= 3; day++) {
            job.db.execute("INSERT INTO wla_run (run_id, job_id, trigger_type, run_date, started_at, ended_at, outcome,"
                    + " rows_read, rows_filtered, rows_sent) VALUES ('run-" + day + "', 'timetravel-daily', 'schedule',"
                    + " DATE '" + JobFixture.RUN_DATE.minusDays(day) + "', now() - interval '" + day + " days',"
                    + " now() - interval '" + day + " days', 'SUCCEEDED', 40, 38, 2)");
        }

        assertThat(check(Map.of())).as("a warning does not fail the check").isZero();

        assertThat(lines()).contains("WARN rule (job timetravel-daily): selects 2 of 2 row(s) read for run date "
                + JobFixture.RUN_DATE + "; nothing sent; every row, where its last 3 run(s) selected 5% of theirs - check"
                + " the rule (a misspelt field, a comparison that is always true) before the job runs");

        try (LogCapture logs = new LogCapture()) {
            io.wlabridge.job.JobRun run = job.run(Map.of());
            assertThat(run.sent()).isEqualTo(2);
            assertThat(logs.lines(ch.qos.logback.classic.Level.WARN)).anyMatch(l -> l.contains("job timetravel-daily run "
                    + run.runId() + ": the rule selected all 2 rows it read, where its last 3 run(s) selected 5% of theirs"));
        }
    }

    @Test
    void missingTableIsNamedWithTheJobAndItsQueryFile() {
        KafkaBroker.broker().createTopic(job.topic, 1);
        job.db.execute("DROP TABLE timetravel_mapping");

        assertThat(check(Map.of())).isEqualTo(1);

        assertThat(lines()).anyMatch(line -> line.startsWith("FAIL query routes/timetravel-daily.sql (job timetravel-daily):"
                + " the database rejects the query of job timetravel-daily (routes/timetravel-daily.sql): ")
                && line.contains("timetravel_mapping") && line.contains("SQLSTATE 42P01")
                && line.contains("a table or column it names is missing or misspelt"));
    }

    @Test
    void columnTheMappingNeedsMissingFromTheQueryFails(@TempDir Path routes) throws Exception {
        KafkaBroker.broker().createTopic(job.topic, 1);
        Path sql = routes.resolve("timetravel-daily.sql");
        Files.writeString(sql, Files.readString(Path.of("routes/timetravel-daily.sql")).replace(", tt_date_tomorrow", ""));
        Files.writeString(routes.resolve("timetravel-daily.camel.yaml"), Files.readString(
                Path.of("routes/timetravel-daily.camel.yaml")).replace("file:routes/timetravel-daily.sql", "file:" + sql));

        assertThat(check(Map.of("camel.main.routesIncludePattern", "classpath:camel/job-template.camel.yaml,"
                + "classpath:camel/job-errors.camel.yaml,file:" + routes + "/*.camel.yaml"))).isEqualTo(1);

        assertThat(lines()).anyMatch(line -> line.startsWith("FAIL query " + sql + " (job timetravel-daily): returns no"
                + " column for field 'ttDateTomorrow' of schema TimeTravelDeviation, no column tt_date_tomorrow (idColumns);"
                + " it returns [system_id, environment, valid_on, tt_date_today]"));
    }

    @Test
    void theAtLeastOnceFallbackIsStatedWithWhatConsumersMustDo() {
        KafkaBroker.broker().createTopic(job.topic, 3);

        assertThat(check(Map.of("wla.delivery.guarantee", "at-least-once"))).isZero();
        assertThat(lines()).anyMatch(line -> line.startsWith("OK   delivery at-least-once: no Kafka transactions")
                && line.contains("wla.event.id"));
    }

    @Test
    void missingTopicAndUnreachableRegistryEachFailWithWhatToDo() throws Exception {
        assertThat(check(Map.of("wla.registry.url", "http://127.0.0.1:" + JobFixture.closedPort(),
                "wla.registry.retries", "0"))).isEqualTo(1);

        assertThat(lines())
                .contains("FAIL kafka topic " + job.topic + " (job timetravel-daily): does not exist - create it before the job runs")
                .anyMatch(line -> line.startsWith("FAIL registry subject " + job.topic + "-value") && line.contains("registry"))
                .anyMatch(line -> line.startsWith("OK   database"));
    }

    @Test
    void invalidConfigurationIsOneFailLine() {
        assertThat(check(Map.of("wla.timetravel.cron", "every morning"))).isEqualTo(1);

        assertThat(lines()).singleElement().asString().startsWith("FAIL configuration: ").contains("parameter 'cron'");
    }

    @Test
    void misspeltFieldInTheRuleFailsTheCheck(@TempDir Path routes) throws Exception {
        String job = Files.readString(Path.of("routes/timetravel-daily.camel.yaml"));
        String rule = "${body[ttDateTomorrow]} != ${body[ttDateToday].plusDays(1)}";
        Files.writeString(routes.resolve("timetravel-daily.camel.yaml"),
                job.replace(rule, rule.replace("ttDateTomorrow", "ttDateTommorow")));

        assertThat(check(Map.of("camel.main.routesIncludePattern", "classpath:camel/job-template.camel.yaml,"
                + "classpath:camel/job-errors.camel.yaml,file:" + routes + "/*.camel.yaml"))).isEqualTo(1);

        assertThat(lines()).singleElement().asString().startsWith("FAIL configuration: ").contains("job timetravel-daily")
                .contains("parameter 'rule' reads field 'ttDateTommorow'").contains("did you mean ttDateTomorrow?");
    }

    @Test
    void secretsAppearNeitherInTheOutputNorInTheLog() {
        String password = "Pa55-w0rd-never-shown";
        KafkaBroker.broker().createTopic(job.topic, 1);
        try (LogCapture logs = new LogCapture()) {
            // PostgreSQL here trusts local connections, so the password is accepted and ignored
            assertThat(check(Map.of("wla.datasource.password", password))).isZero();
            assertThat(logs.all()).doesNotContain(password);
        }
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain(password);
    }

    @Test
    void wrongRegistryPasswordIsOneFailLineNamingTheOptionsButNotThePassword() {
        String wrong = "sr-secret-wrong-5d21";
        KafkaBroker.broker().createTopic(job.topic, 1);
        SchemaRegistry.registry().requireBasicAuth("SR-KEY", "sr-secret-right");
        try (LogCapture logs = new LogCapture()) {
            assertThat(check(Map.of("wla.registry.auth", "basic", "wla.registry.basic-user", "SR-KEY",
                    "wla.registry.basic-password", wrong, "wla.registry.retries", "0"))).isEqualTo(1);
            assertThat(logs.all()).doesNotContain(wrong);
        } finally {
            SchemaRegistry.registry().allowAnonymous();
        }
        assertThat(lines()).anyMatch(line -> line.startsWith("FAIL registry subject " + job.topic + "-value")
                && line.contains(SchemaRegistry.url()) && line.contains("HTTP 401") && line.contains("wla.registry.auth"));
        assertThat(stdout.toString(StandardCharsets.UTF_8)).doesNotContain(wrong);
    }

    private int check(Map<String, String> extra) {
        Options options = Options.parse("check").withOverrides(job.settings(extra));
        return CheckCommand.execute(options, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
