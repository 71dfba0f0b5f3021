package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/**
 * Exactly once, whatever is killed when: the packaged jar's {@code run} over 100,000 selected rows is killed with
 * SIGKILL at a point of each phase (while fetching, between sending and Kafka's commit, between Kafka's commit and
 * the sent ledger's, while reconciling the ledger topic at the next start), then rerun until it succeeds. A
 * read_committed consumer (ours, and kcat) then sees every row's event exactly once. The points are reached deterministically
 * (system property wla.test.crash-at, see CrashPoint): the process stops there and this test kills it.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class ExactlyOnceCrashIT {

    private static final int ROWS = 100_000;
    private static final String JOB = JobFixture.JOB;

    private final JobFixture job = new JobFixture(SchemaRegistry.url());

    @Test
    void killedInEveryPhaseAndRerunEachEventIsOnTheTopicExactlyOnce() throws Exception {
        job.db.execute("INSERT INTO timetravel_mapping (system_id, environment, valid_on, tt_date_today, tt_date_tomorrow)"
                + " SELECT 'SYS' || lpad(i::text, 6, '0'), 'ACC', DATE '" + JobFixture.RUN_DATE + "', '" + JobFixture.TT
                + "', '" + JobFixture.TT.plusDays(8) + "' FROM generate_series(1, " + ROWS + ") AS i");
        // 1,000 rows a chunk, 10,000 records (ten chunks and their ten ledger records) a transaction
        Map<String, String> settings = job.settings(Map.of("wla.job.chunk-size", "1000",
                "wla.delivery.transaction-records", "10000"));

        // nothing committed yet: the third chunk is read
        killAt("fetch:3", settings);
        assertThat(events()).isEmpty();
        // the first transaction committed, the second has every record sent but is not committed
        killAt("before-kafka-commit:2", settings);
        assertThat(events()).hasSize(10_000);
        // Kafka committed the fourth transaction of this run; wla_sent does not know it
        killAt("after-kafka-commit:4", settings);
        assertThat(events()).hasSize(50_000);
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isLessThan(50_000);
        // the next start finds the ledger records wla_sent is missing and is killed while recording them
        killAt("reconcile:1", settings);
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isLessThan(50_000);

        Process last = start(settings, null);
        assertThat(last.waitFor(5, TimeUnit.MINUTES)).as("the last run ends").isTrue();
        assertThat(last.exitValue()).as("the last run succeeds").isZero();

        List<ConsumerRecord<String, byte[]>> events = events();
        Map<String, Long> perEvent = events.stream()
                .collect(Collectors.groupingBy(r -> JobFixture.header(r, "wla.event.id"), Collectors.counting()));
        assertThat(perEvent).hasSize(ROWS);
        assertThat(perEvent.values()).allSatisfy(count -> assertThat(count).isEqualTo(1L));
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk WHERE job_id = '" + JOB + "'")).isEqualTo(ROWS);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE outcome = 'SUCCEEDED'")).isEqualTo(1);

        // and as a client we did not write sees it: kcat (librdkafka, read_committed by default)
        Map<String, Long> perEventForKcat = kcatEventIds().stream()
                .collect(Collectors.groupingBy(id -> id, Collectors.counting()));
        assertThat(perEventForKcat).hasSize(ROWS);
        assertThat(perEventForKcat.values()).allSatisfy(count -> assertThat(count).isEqualTo(1L));
    }

    /** The wla.event.id header of every record of the topic, as kcat reads them. */
    private List<String> kcatEventIds() throws Exception {
        Path kcat = Path.of("/usr/bin/kcat");
        assertThat(kcat).as("this test reads the topic with Debian's kcat too: apt-get install kcat").exists();
        File out = Files.createTempFile("kcat", ".out").toFile();
        Process process = new ProcessBuilder(kcat.toString(), "-b", KafkaBroker.bootstrapServers(), "-t", job.topic,
                "-C", "-e", "-q", "-f", "%h\\n").redirectOutput(out).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("kcat reads the topic to its end").isTrue();
        assertThat(process.exitValue()).isZero();
        List<String> ids = new ArrayList<>();
        for (String line : Files.readAllLines(out.toPath(), StandardCharsets.UTF_8)) {
            for (String header : line.split(",")) {
                if (header.startsWith("wla.event.id=")) {
                    ids.add(header.substring("wla.event.id=".length()));
                }
            }
        }
        return ids;
    }

    private List<ConsumerRecord<String, byte[]>> events() {
        return job.read(job.topic);
    }

    /** Runs the job until it reaches the point, then kills it with SIGKILL. */
    private void killAt(String point, Map<String, String> settings) throws Exception {
        CompletableFuture<String> reached = new CompletableFuture<>();
        Process process = start(settings, point);
        Thread reader = new Thread(() -> {
            try (BufferedReader err = new BufferedReader(new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8))) {
                for (String line = err.readLine(); line != null; line = err.readLine()) {
                    if (line.startsWith("WLA-CRASH-POINT")) {
                        reached.complete(line);
                    }
                }
            } catch (java.io.IOException e) {
                // the process was killed
            }
            reached.complete(null);
        });
        reader.setDaemon(true);
        reader.start();
        String line = reached.get(5, TimeUnit.MINUTES);
        assertThat(line).as("run with wla.test.crash-at=" + point + " reaches the point (exit "
                + (process.isAlive() ? "none" : process.exitValue()) + ")").isEqualTo("WLA-CRASH-POINT " + point.split(":")[0]);
        process.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).isEqualTo(137);
    }

    private static Process start(Map<String, String> settings, String crashAt) throws Exception {
        Path jar = Path.of("target", "wla-bridge.jar");
        assertThat(jar).as("mvn package builds the runnable jar").exists();
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m"));
        if (crashAt != null) {
            command.add("-Dwla.test.crash-at=" + crashAt);
        }
        command.addAll(List.of("-jar", jar.toString(), "run", JOB));
        Map<String, String> all = new HashMap<>(settings);
        all.forEach((key, value) -> command.add("--" + key + "=" + value));
        File out = Files.createTempFile("crash-run", ".out").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out);
        if (crashAt == null) {
            builder.redirectError(ProcessBuilder.Redirect.appendTo(out));
        }
        return builder.start();
    }
}
