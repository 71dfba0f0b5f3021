package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

import org.junit.jupiter.api.Test;

/**
 * README's first command, as a user runs it: the demo jar's demo exits 0 and lists the sent events; the service jar
 * carries no broker, Scala, JUnit or stand-ins and sends a user who asks it for the demo to the demo jar.
 */
class DemoJarIT {

    @Test
    void packagedJarRunsTheDemoAndListsTheSentEvents() throws Exception {
        Path jar = Path.of("target", "wla-bridge-demo.jar");
        assertThat(jar).as("mvn package builds the demo jar").exists();
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

    @Test
    void serviceJarCarriesNoBrokerScalaJUnitOrStandIns() throws Exception {
        Path jar = Path.of("target", "wla-bridge.jar");
        assertThat(jar).as("mvn package builds the service jar").exists();
        try (JarFile service = new JarFile(jar.toFile())) {
            List<String> names = service.stream().map(JarEntry::getName).toList();
            assertThat(names).contains("io/wlabridge/WlaBridge.class", "org/apache/kafka/clients/producer/KafkaProducer.class");
            assertThat(names).noneMatch(n -> n.startsWith("scala/") || n.startsWith("kafka/server/")
                    || n.startsWith("org/junit/") || n.startsWith("io/wlabridge/demo/"));
        }
        File err = Files.createTempFile("demo", ".err").toFile();
        Process demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "demo")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(err)
                .start();
        assertThat(demo.waitFor(1, TimeUnit.MINUTES)).as("exits at once").isTrue();
        assertThat(demo.exitValue()).isEqualTo(1);
        assertThat(Files.readString(err.toPath(), StandardCharsets.UTF_8))
                .isEqualTo("wla-bridge: the demo is not part of the service jar: build with 'mvn -B package' and run"
                        + " 'java -jar target/wla-bridge-demo.jar demo'" + System.lineSeparator());
    }
}
