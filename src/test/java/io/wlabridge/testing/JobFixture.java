package io.wlabridge.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.cli.RunCommand;
import io.wlabridge.demo.DemoData;
import io.wlabridge.demo.TopicReader;
import io.wlabridge.job.JobRun;

/**
 * The time-travel job against real parts: a PostgreSQL schema of its own with the framework's mapping table,
 * fresh topics, the class's Kafka broker ({@link KafkaBroker}) and a registry. Quartz is told never to fire;
 * runs are started through the job's scheduler, as `run` does.
 */
public final class JobFixture {

    public static final String JOB = "timetravel-daily";
    public static final LocalDate RUN_DATE = LocalDate.now(ZoneId.of("Europe/Berlin"));
    /** The time-travel date in force today in the sample rows. */
    public static final LocalDate TT = RUN_DATE.plusDays(30);

    public final Postgres db = new Postgres();
    public final String topic;
    public final String escalations;
    /** The spool folder (wla.spool.dir) of this fixture's runs. */
    public final java.nio.file.Path spoolDir;
    private final String registryUrl;

    public JobFixture(String registryUrl) {
        this.registryUrl = registryUrl;
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        this.topic = "tt-" + suffix;
        this.escalations = "esc-" + suffix;
        try {
            this.spoolDir = java.nio.file.Files.createTempDirectory("wla-spool-");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        try {
            DemoData.createTable(db.dataSource());
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The settings a test run uses, with {@code extra} on top. */
    public Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "wla.datasource.url", db.url(),
                "wla.datasource.username", Postgres.USER,
                "wla.kafka.bootstrap-servers", KafkaBroker.bootstrapServers(),
                "wla.registry.url", registryUrl,
                "wla.timetravel.topic", topic,
                "wla.timetravel.cron", "0 0 0 1 1 ? 2099",
                "wla.escalation.topic", escalations,
                // the service's HTTP servers on free ports
                "wla.http.port", "0", "wla.management.port", "0"));
        settings.putAll(extra);
        // the rows are for RUN_DATE: runs use it even when a test runs across midnight in Europe/Berlin
        settings.putIfAbsent("wla.job.run-date", RUN_DATE.toString());
        // a ledger topic and transactional id of the fixture's own: its database starts empty, so must its ledger
        settings.putIfAbsent("wla.delivery.transactional-id-prefix", "wla-test-" + topic);
        // records Kafka could not take go to a spool of the test's own, not to ./data/spool
        settings.putIfAbsent("wla.spool.dir", spoolDir.toString());
        return settings;
    }

    public JobRun run(Map<String, String> extra) throws Exception {
        try (BridgeMain bridge = new BridgeMain(Options.parse("run", JOB).withOverrides(settings(extra))).start()) {
            return RunCommand.runOnce(bridge, JOB, "test");
        }
    }

    /** A mapping row of the acceptance environment for the run date. */
    public void row(String system, String ttToday, String ttTomorrow) throws Exception {
        DemoData.insert(db.dataSource(), system, DemoData.ENVIRONMENT, RUN_DATE, ttToday, ttTomorrow);
    }

    public List<ConsumerRecord<String, byte[]>> read(String topic) {
        return TopicReader.readAll(KafkaBroker.bootstrapServers(), topic, Duration.ofSeconds(30));
    }

    public static String header(ConsumerRecord<String, byte[]> record, String name) {
        var header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** A port nothing listens on. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
