package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Help, version and wrong command lines through the packaged jar, as a user types them: each answers and exits at
 * once (a started service would not exit), on stdout with 0 or as one {@code wla-bridge: ...} line with 1.
 */
class HelpIT {

    private static final Path JAR = Path.of("target", "wla-bridge.jar").toAbsolutePath();

    record Result(int exit, String out, String err) {
    }

    @Test
    void helpListsEveryCommandAndStartsNothing() throws Exception {
        for (String help : List.of("--help", "-h", "help")) {
            Result result = run(Path.of(""), help);
            assertThat(result.exit()).as(help).isZero();
            assertThat(result.out()).as(help).startsWith("usage: wla-bridge [command] [options]")
                    .contains("  run ", "  send ", "  check ", "  provision ", "  export ", "  replay ", "exit codes:");
            assertThat(result.err()).as(help).isEmpty();
        }
    }

    @Test
    void commandHelpShowsItsOptionsAndExitCodes() throws Exception {
        Result help = run(Path.of(""), "help", "run");
        Result flag = run(Path.of(""), "run", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("usage: wla-bridge run <job-id>").contains("--dry-run", "--as-of",
                "exit codes: 0 every selected record sent, 2 finished with dead letters, 1 failed");
        assertThat(flag).isEqualTo(help);
    }

    @Test
    void versionPrintsTheJarsVersion() throws Exception {
        Result result = run(Path.of(""), "--version");
        assertThat(result.exit()).isZero();
        assertThat(result.out()).matches("wla-bridge \\d+\\.\\d+\\.\\d+\\S*\\R");
    }

    @Test
    void unknownOptionOrCommandIsOneLineAndExitOneWithoutStarting() throws Exception {
        assertThat(run(Path.of(""), "--bogus")).isEqualTo(
                new Result(1, "", "wla-bridge: unknown option --bogus; see 'wla-bridge --help'" + System.lineSeparator()));
        assertThat(run(Path.of(""), "run", "timetravel-daily", "--dryrun").err())
                .isEqualTo("wla-bridge: run: unknown option --dryrun; see 'wla-bridge help run'" + System.lineSeparator());
        assertThat(run(Path.of(""), "-x").exit()).isEqualTo(1);
        assertThat(run(Path.of(""), "sned").err()).startsWith("wla-bridge: unknown command 'sned': the commands are [run, send");
    }

    @Test
    void secretOnTheCommandLineIsRefusedInOneLineNamingTheKeyNeverTheValue() throws Exception {
        Result result = run(Path.of(""), "run", "timetravel-daily", "--wla.escalation.webhook-token=tok-3b9e1f");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.out()).isEmpty();
        assertThat(result.err()).doesNotContain("tok-3b9e1f").hasLineCount(1)
                .startsWith("wla-bridge: --wla.escalation.webhook-token is a secret and must not be on the command line")
                .contains("WLA_ESCALATION_WEBHOOK_TOKEN", "--secrets-file", "Key Vault");
    }

    @Test
    void missingRoutesFolderNamesTheFolderAndWhatToDo(@TempDir Path empty) throws Exception {
        Result result = run(empty, "run", "timetravel-daily");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err().lines().filter(l -> l.startsWith("wla-bridge: ")).toList()).singleElement().asString()
                .contains("no routes/ folder in " + empty.toRealPath()).contains("start wla-bridge in the folder that holds routes/");
    }

    @Test
    void consoleShowsTheBridgesLinesAndLibraryWarningsOnlyUnlessVerbose() throws Exception {
        String[] export = {"export", "terraform", "--wla.datasource.url=jdbc:h2:mem:console", "--wla.kafka.bootstrap-servers=127.0.0.1:9",
                "--wla.registry.url=http://127.0.0.1:9"};
        Result quiet = run(Path.of(""), export);
        assertThat(quiet.exit()).as(quiet.err()).isZero();
        assertThat(quiet.out()).contains("resource \"confluent_kafka_topic\"");
        List<String> lines = quiet.err().lines().toList();
        assertThat(lines).allMatch(l -> l.matches("\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (INFO |WARN |ERROR) \\[.*\\] \\S+ - .*"),
                "one parseable line per event");
        assertThat(lines).filteredOn(l -> l.contains(" INFO ")).allMatch(l -> l.contains("] i.w."), "INFO lines are the bridge's own");

        List<String> verbose = new ArrayList<>(List.of(export));
        verbose.add("--verbose");
        Result loud = run(Path.of(""), verbose.toArray(String[]::new));
        assertThat(loud.exit()).isZero();
        assertThat(loud.err().lines().filter(l -> l.contains(" INFO ") && l.contains("] o.a.c.")).count())
                .as("--verbose brings Camel's INFO lines back").isPositive();
    }

    @Test
    void commandReferenceShowsTheHelpOutput() throws Exception {
        String reference = Files.readString(Path.of("docs", "commands.md"));
        assertThat(reference).as("docs/commands.md shows `wla-bridge --help` as it prints")
                .contains("```\n" + run(Path.of(""), "--help").out() + "```");
    }

    private static Result run(Path dir, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", JAR.toString()));
        command.addAll(List.of(args));
        File out = Files.createTempFile("help", ".out").toFile();
        File err = Files.createTempFile("help", ".err").toFile();
        Process process = new ProcessBuilder(command).directory(dir.toAbsolutePath().toFile())
                .redirectOutput(out).redirectError(err).start();
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as(String.join(" ", args) + " exits at once").isTrue();
        return new Result(process.exitValue(), Files.readString(out.toPath(), StandardCharsets.UTF_8),
                Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
