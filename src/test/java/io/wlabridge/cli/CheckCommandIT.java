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
