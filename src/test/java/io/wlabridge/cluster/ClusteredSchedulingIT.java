package io.wlabridge.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.quartz.Scheduler;

import io.wlabridge.WlaBridge;
import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.demo.TopicReader;
import io.wlabridge.testing.ConfluentDecoder;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.Postgres;
import io.wlabridge.testing.SchemaRegistry;

/**
 * Two service instances, one cluster, one PostgreSQL schema (job tables and Quartz tables): a job firing every second
 * runs each fire exactly once, and the fire a dying instance was running is recovered by the other one.
 * <p>
 * Node A runs in this JVM, node B in a JVM of its own: Quartz keeps one scheduler per name and JVM, and every member
 * of a cluster must carry the cluster's name; a real process also dies for real (SIGKILL), mid-run.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class ClusteredSchedulingIT {

    private static final String JOB = "cluster-tick";
    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Postgres db = new Postgres();
    private final String topic = "tick-" + UUID.randomUUID().toString().substring(0, 8);
    private Process nodeB;

    @AfterEach
    void killNodeB() {
        if (nodeB != null) {
            nodeB.destroyForcibly();
        }
    }

    @Test
    void everyFireRunsOnceOnOneInstanceAndADeadInstancesFireIsRecovered() throws Exception {
        db.execute("CREATE TABLE cluster_it_control (slow_seconds INT NOT NULL)");
        db.execute("INSERT INTO cluster_it_control VALUES (0)");
        Path routes = writeJob();

        long slowFire;
        String killedRun;
        String recoveredRun;
        try (BridgeMain nodeA = new BridgeMain(Options.parse().withOverrides(settings(routes, "node-a")))) {
            nodeA.start();
            nodeB = startInOwnJvm(settings(routes, "node-b"));
            await().atMost(STARTUP).until(() -> db.count(
                    "SELECT COUNT(*) FROM qrtz_scheduler_state WHERE instance_name = 'node-b'") == 1);
            long bothUp = System.currentTimeMillis();

            // ~20 s of fires, one a second, with both instances in the cluster
            await().atMost(Duration.ofSeconds(60)).until(() -> successfulFiresSince(bothUp) >= 20);

            // node A stops taking fires, so the next (slow) fire runs on node B; node B dies in the middle of it
            Scheduler schedulerA = nodeA.setup().trigger().scheduler();
            schedulerA.standby();
            db.execute("UPDATE cluster_it_control SET slow_seconds = 30");
            long slowFrom = System.currentTimeMillis();
            // generous: on a loaded 2-core machine node B may take a while to pick the fire up
            slowFire = await().atMost(Duration.ofSeconds(60)).until(() -> executingOnNodeB(slowFrom), f -> f != null);
            await().atMost(Duration.ofSeconds(10)).until(() -> db.count(
                    "SELECT COUNT(*) FROM wla_run WHERE job_id = '" + JOB + "' AND ended_at IS NULL") == 1);
            killedRun = single("SELECT run_id FROM wla_run WHERE job_id = '" + JOB + "' AND ended_at IS NULL");
            nodeB.destroyForcibly().waitFor();
            db.execute("UPDATE cluster_it_control SET slow_seconds = 0");
            schedulerA.start();

            await().atMost(Duration.ofSeconds(60)).until(() -> db.count("SELECT COUNT(*) FROM wla_run WHERE job_id = '"
                    + JOB + "' AND trigger_type = 'recovered' AND outcome = 'SUCCEEDED'") == 1);
            recoveredRun = single("SELECT run_id FROM wla_run WHERE trigger_type = 'recovered'");
        }
        // node A has stopped (its last run finished): the ledger and the topic hold every run
        String recoveredFire = String.valueOf(slowFire);
        String recovered = recoveredRun;
        Map<String, String> outcomes = ledger();
            List<Sent> sent = sent();
            // every fire exactly once: one record per fire time, one per successful run, each from a run in the ledger
            assertThat(sent.stream().collect(Collectors.groupingBy(Sent::fire, Collectors.counting())))
                    .allSatisfy((fire, records) -> assertThat(records).as("records of fire " + fire).isEqualTo(1));
            assertThat(sent).extracting(Sent::run).doesNotHaveDuplicates();
            assertThat(sent).allSatisfy(s -> assertThat(outcomes.get(s.run())).as("run " + s.run()).isEqualTo("SUCCEEDED"));
            assertThat(outcomes.values().stream().filter("SUCCEEDED"::equals).count())
                    .as("successful runs in the ledger").isEqualTo(sent.size());
            assertThat(sent.size()).isGreaterThanOrEqualTo(20);

            // the fire node B died in was run again, by node A, once; the ledger shows the recovered run
            assertThat(sent).filteredOn(s -> s.fire().equals(recoveredFire))
                    .singleElement()
                    .satisfies(s -> {
                        assertThat(s.run()).isEqualTo(recovered);
                        assertThat(s.instance()).isEqualTo("node-a");
                    });
            assertThat(sent).extracting(Sent::run).doesNotContain(killedRun);
            // the dead instance's run is closed by the recovery
            assertThat(outcomes.get(killedRun)).isEqualTo("FAILED");
            assertThat(single("SELECT error FROM wla_run WHERE run_id = '" + killedRun + "'"))
                    .isEqualTo("abandoned: the instance running it stopped; its fire was recovered by run " + recovered);
    }

    /** A job of its own: one row per run, keyed by the fire's scheduled time, naming the instance and the run. */
    private Path writeJob() throws Exception {
        Path dir = Path.of("target", "cluster-it", UUID.randomUUID().toString()).toAbsolutePath();
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(JOB + ".sql"), """
                -- key: the fire's scheduled time in epoch ms (what qrtz_fired_triggers.sched_time holds); slow on demand
                SELECT CAST(CAST(EXTRACT(EPOCH FROM CAST(:#${exchangeProperty.wlaFireTime} AS TIMESTAMPTZ)) * 1000 AS BIGINT) AS VARCHAR) AS system_id,
                       CAST(:#${properties:wla.cluster.instance-name} AS VARCHAR) || ' ' || CAST(:#${exchangeProperty.wlaRun.runId()} AS VARCHAR) AS environment,
                       CURRENT_DATE AS valid_on, CURRENT_DATE AS tt_date_today, CURRENT_DATE AS tt_date_tomorrow,
                       (SELECT COUNT(*) FROM (SELECT pg_sleep(slow_seconds) FROM cluster_it_control) s) AS slept
                """);
        Files.writeString(dir.resolve(JOB + ".camel.yaml"), """
                - templatedRoute:
                    routeTemplateRef: wla-job
                    routeId: cluster-tick
                    parameters:
                      - name: jobId
                        value: cluster-tick
                      - name: cron
                        value: "* * * * * ?"
                      - name: query
                        value: "file:%s"
                      - name: schema
                        value: TimeTravelDeviation
                      - name: topic
                        value: "%s"
                      - name: keyColumn
                        value: system_id
                      - name: idColumns
                        value: system_id,environment
                      - name: deadline
                        value: "0 0 7 ? * MON-FRI"
                """.formatted(dir.resolve(JOB + ".sql").toString().replace('\\', '/'), topic));
        return dir;
    }

    private Map<String, String> settings(Path routes, String instance) {
        Map<String, String> settings = new HashMap<>();
        settings.put("wla.datasource.url", db.url());
        settings.put("wla.datasource.username", Postgres.USER);
        settings.put("wla.datasource.pool-size", "8");
        settings.put("wla.kafka.bootstrap-servers", KafkaBroker.bootstrapServers());
        settings.put("wla.registry.url", SchemaRegistry.url());
        settings.put("wla.escalation.topic", topic + ".escalations");
        settings.put("wla.http.port", "0");
        // two instances on one host: each its own management port (a taken one stops the start)
        settings.put("wla.management.port", "0");
        settings.put("wla.cluster.enabled", "true");
        settings.put("wla.cluster.instance-name", instance);
        settings.put("wla.cluster.checkin-interval-ms", "1000");
        settings.put("camel.main.routes-include-pattern", "classpath:camel/*.camel.yaml,file:"
                + routes.toString().replace('\\', '/') + "/*.camel.yaml");
        return settings;
    }

    private static Process startInOwnJvm(Map<String, String> settings) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), WlaBridge.class.getName()));
        settings.forEach((key, value) -> command.add("--" + key + "=" + value));
        File log = Path.of("target", "cluster-it", "node-b.log").toFile();
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start();
    }

    private long successfulFiresSince(long millis) throws SQLException {
        List<Long> started = new ArrayList<>();
        query("SELECT started_at FROM wla_run WHERE job_id = '" + JOB + "' AND outcome = 'SUCCEEDED'",
                rs -> started.add(rs.getTimestamp(1).getTime()));
        return started.stream().filter(t -> t >= millis).count();
    }

    /** The scheduled time of a fire of the job node B started after {@code millis} and is running, or null. */
    private Long executingOnNodeB(long millis) throws SQLException {
        String fire = single("SELECT CAST(sched_time AS VARCHAR) FROM qrtz_fired_triggers WHERE job_name = '" + JOB
                + "' AND instance_name = 'node-b' AND state = 'EXECUTING' AND fired_time > " + millis);
        return fire == null ? null : Long.valueOf(fire);
    }

    private Map<String, String> ledger() throws SQLException {
        Map<String, String> outcomes = new HashMap<>();
        query("SELECT run_id, outcome FROM wla_run WHERE job_id = '" + JOB + "'", rs -> outcomes.put(rs.getString(1), rs.getString(2)));
        return outcomes;
    }

    private record Sent(String fire, String instance, String run) {
    }

    private List<Sent> sent() {
        ConfluentDecoder decoder = new ConfluentDecoder(SchemaRegistry.url());
        List<Sent> sent = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(KafkaBroker.bootstrapServers(), topic, Duration.ofSeconds(30))) {
            GenericRecord value = decoder.decode(record.value());
            String[] instanceAndRun = value.get("environment").toString().split(" ");
            assertThat(value.get("systemId").toString()).isEqualTo(record.key());
            sent.add(new Sent(record.key(), instanceAndRun[0], instanceAndRun[1]));
        }
        return sent;
    }

    private String single(String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        query(sql, rs -> values.add(rs.getString(1)));
        return values.isEmpty() ? null : values.get(0);
    }

    private interface Row {
        Object read(ResultSet rs) throws SQLException;
    }

    private void query(String sql, Row row) throws SQLException {
        try (Connection c = db.dataSource().getConnection(); PreparedStatement ps = c.prepareStatement(sql);
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                row.read(rs);
            }
        }
    }
}
