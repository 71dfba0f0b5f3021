package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** README's first command, as a user runs it: the packaged jar's demo exits 0 and lists the sent events. */
class DemoJarIT {

    @Test
    void packagedJarRunsTheDemoAndListsTheSentEvents() throws Exception {
        Path jar = Path.of("target", "wla-bridge.jar");
        assertThat(jar).as("mvn package builds the runnable jar").exists();
        File out = Files.createTempFile("demo", ".out").toFile();
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "demo")
                .redirectOutput(out)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();

        assertThat(demo.waitFor(3, TimeUnit.MINUTES)).as("demo finishes").isTrue();
        String stdout = Files.readString(out.toPath(), StandardCharsets.UTF_8);
        assertThat(demo.exitValue()).as(stdout).isZero();
        assertThat(stdout)
                .contains("outcome=SUCCEEDED_WITH_DEAD_LETTERS read=5 filtered=2 sent=2 already-sent=0 dead-lettered=1")
                .contains("key=CLAIMS TimeTravelDeviation{systemId=CLAIMS, environment=ACC")
                .contains("key=LEDGER TimeTravelDeviation{systemId=LEDGER")
                .contains("key=PAYROLL reason=field 'ttDateTomorrow'");
    }
}
