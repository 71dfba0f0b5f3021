package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/** `run <job-id>` as workload automation calls it: exit code and one summary line on stdout. */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class RunCommandIT {

    private JobFixture job;
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void fixture() {
        job = new JobFixture(SchemaRegistry.url());
    }

    @Test
    void allSentExitsZeroWithOneSummaryLine() throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());

        assertThat(run(Map.of())).isEqualTo(0);
        assertThat(lines()).hasSize(1).first().asString()
                .startsWith("job=timetravel-daily run=").contains("outcome=SUCCEEDED").contains("sent=1");
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE trigger_type = 'command-line'")).isEqualTo(1);
    }

    @Test
    void runsWithoutApplicationPropertiesOnTheDeclaredDefaults(@TempDir Path dir) throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        Path empty = Files.createFile(dir.resolve("empty.properties"));
        Options options = Options.parse("run", JobFixture.JOB, "--config=" + empty)
                .withOverrides(job.settings(Map.of()));

        assertThat(RunCommand.execute(options, new PrintStream(stdout, true, StandardCharsets.UTF_8))).isEqualTo(0);
        assertThat(lines()).singleElement().asString().contains("outcome=SUCCEEDED").contains("sent=1");
    }

    @Test
    void dryRunPrintsTheEventsAndLeavesKafkaTheRegistryAndTheLedgersUntouched() throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(1).toString());

        assertThat(run(Map.of(), "--dry-run")).isEqualTo(0);
        List<String> lines = lines();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("{\"topic\":\"" + job.topic + "\",\"key\":\"CLAIMS\",\"headers\":{")
                .contains("\"wla.event.id\":").contains("\"ttDateTomorrow\":\"" + JobFixture.TT.plusDays(7) + "\"");
        assertThat(lines.get(1)).contains("outcome=SUCCEEDED").contains("sent=1").endsWith("dry-run=nothing-sent-or-recorded");
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run")).isZero();
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isZero();
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_ledger_position")).isZero();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", KafkaBroker.bootstrapServers()))) {
            assertThat(admin.listTopics().names().get()).noneMatch(name -> name.startsWith("wla-test-" + job.topic));
        }
        assertThat(subjects()).as("the dry run registered nothing").doesNotContain("\"" + job.topic + "-value\"");

        stdout.reset();
        assertThat(run(Map.of())).as("the real run after it sends what the dry run showed").isEqualTo(0);
        assertThat(lines()).singleElement().asString().contains("sent=1").contains("already-sent=0");
        assertThat(job.read(job.topic)).hasSize(1);

        stdout.reset();
        assertThat(run(Map.of(), "--dry-run")).as("a dry run after it finds the event sent (wla_sent_chunk)").isEqualTo(0);
        assertThat(lines()).singleElement().asString().contains("sent=0").contains("already-sent=1");
    }

    @Test
    void asOfIsTheRunDate() throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());

        assertThat(run(Map.of(), "--dry-run", "--as-of", JobFixture.RUN_DATE.plusDays(1).toString())).isEqualTo(0);
        assertThat(lines()).singleElement().asString().contains("read=0").contains("sent=0");
        stdout.reset();
        assertThat(run(Map.of(), "--dry-run", "--as-of=" + JobFixture.RUN_DATE)).isEqualTo(0);
        assertThat(lines()).hasSize(2).last().asString().contains("read=1").contains("sent=1");
    }

    @Test
    void deadLettersExitTwo() throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("GARBLED", "kaputt", JobFixture.TT.toString());

        assertThat(run(Map.of())).isEqualTo(2);
        assertThat(lines()).singleElement().asString().contains("outcome=SUCCEEDED_WITH_DEAD_LETTERS").contains("dead-lettered=1");
    }

    @Test
    void failedRunExitsOne() throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());

        assertThat(run(Map.of("wla.registry.url", "http://127.0.0.1:" + JobFixture.closedPort()))).isEqualTo(1);
        assertThat(lines()).singleElement().asString().contains("outcome=FAILED").contains("cause=");
    }

    @Test
    void unknownJobExitsOneNamingTheKnownJobs() throws Exception {
        Options options = Options.parse("run", "no-such-job").withOverrides(job.settings(Map.of()));
        assertThat(io.wlabridge.WlaBridge.execute(args(options))).isEqualTo(1);
    }

    private int run(Map<String, String> extra, String... flags) throws Exception {
        List<String> args = new ArrayList<>(List.of("run", JobFixture.JOB));
        args.addAll(List.of(flags));
        Options options = Options.parse(args.toArray(String[]::new)).withOverrides(job.settings(extra));
        return RunCommand.execute(options, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    private static String subjects() throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(SchemaRegistry.url() + "/subjects")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private List<String> lines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private static String[] args(Options options) {
        List<String> args = new ArrayList<>(List.of(options.command()));
        args.addAll(options.arguments());
        options.overrides().forEach((k, v) -> args.add("--" + k + "=" + v));
        return args.toArray(String[]::new);
    }
}
