package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.camel.builder.AdviceWith;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.cli.ReplayCommand;
import io.wlabridge.cli.RunCommand;
import io.wlabridge.cli.TraceCommand;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;
import io.wlabridge.testing.WebhookReceiver;

/**
 * Nothing lost when Kafka goes away: the in-process broker is stopped in the middle of a run, the rest of the run is
 * spooled, the run fails and the incident reaches a real HTTP receiver; after the broker is back, {@code replay}
 * puts every record on the topic once. Dead letters that fit now are replayed once, the others stay.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class SpoolReplayIT {

    private static final String JOB = JobFixture.JOB;

    @TempDir
    Path spoolDir;

    private JobFixture job;
    private WebhookReceiver tickets;

    @BeforeEach
    void freshSchemaTopicsAndReceiver() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        tickets = new WebhookReceiver();
    }

    @AfterEach
    void brokerBackAndReceiverClosed() {
        KafkaBroker.broker().restartBroker();
        tickets.close();
    }

    @Test
    void brokerStoppedMidRunSpoolsTheRestAndReplaySendsEveryRecordOnce() throws Exception {
        for (int i = 1; i <= 12; i++) {
            job.row(String.format("SYS%02d", i), JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        }
        // a Kafka transaction per chunk of 4
        Map<String, String> settings = settings(Map.of("wla.job.chunk-size", "4", "wla.delivery.transaction-records", "4"));

        JobRun failed;
        try (BridgeMain bridge = new BridgeMain(Options.parse("run", JOB).withOverrides(settings)).start()) {
            // the broker goes down once the first chunk's transaction is committed (by the run's sender thread)
            AtomicBoolean stopped = new AtomicBoolean();
            AdviceWith.adviceWith(bridge.context(), JOB, route -> route.weaveById(JOB + "-send").after()
                    .process(exchange -> {
                        if (stopped.compareAndSet(false, true)) {
                            JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
                            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> run.sent() == 4);
                            KafkaBroker.broker().shutdownBroker();
                        }
                    }));
            failed = RunCommand.runOnce(bridge, JOB, "test");
        }

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.sent()).isEqualTo(4);
        assertThat(failed.spooled()).isEqualTo(8);
        assertThat(failed.failure()).contains("spooled").contains("replay --job " + JOB);
        assertThat(failed.summary()).contains("spooled=8");
        Path file = SpoolFile.path(spoolDir, JOB, failed.runId());
        assertThat(spoolFiles()).containsExactly(file);
        SpoolFile.Contents spooled = SpoolFile.read(file);
        assertThat(spooled.damagedTail()).isFalse();
        assertThat(spooled.entries()).hasSize(8).allSatisfy(entry -> {
            assertThat(entry.topic()).isEqualTo(job.topic);
            assertThat(entry.value()[0]).isEqualTo((byte) 0); // Confluent wire format: magic byte
            assertThat(new String(entry.headers().get("wla.event.id"), StandardCharsets.UTF_8)).isEqualTo(entry.eventId());
        });
        assertThat(spooled.entries()).extracting(SpoolFile.Entry::key)
                .containsExactly("SYS05", "SYS06", "SYS07", "SYS08", "SYS09", "SYS10", "SYS11", "SYS12");
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isEqualTo(4);
        // what the overview shows as waiting in the spool
        assertThat(new Spool(spoolDir).waiting(JOB)).isEqualTo(8);
        assertThat(new Spool(spoolDir).waiting("another-job")).isZero();

        // the incident reached the ticket system although Kafka (and so the escalation topic) was down
        assertThat(tickets.calls()).hasSize(1);
        JsonNode ticket = tickets.calls().get(0).body();
        assertThat(ticket.get("severity").asText()).isEqualTo("ERROR");
        assertThat(ticket.get("jobId").asText()).isEqualTo(JOB);
        assertThat(ticket.get("runId").asText()).isEqualTo(failed.runId());
        assertThat(ticket.get("cause").asText()).isEqualTo("RUN_FAILED");
        assertThat(ticket.get("detail").asText()).contains("Kafka did not take the records");
        assertThat(ticket.get("link").asText()).isEqualTo("http://localhost:8080/?job=" + JOB + "&run=" + failed.runId());
        assertThat(tickets.calls().get(0).authorization()).isEqualTo("Bearer ticket-token");
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident WHERE cause = 'RUN_FAILED' AND run_id = '"
                + failed.runId() + "' AND notified_at >= opened_at")).isEqualTo(1);

        // replay while Kafka is still down: nothing possible, the spool file stays
        Replayed tooEarly = replay(settings);
        assertThat(tooEarly.exit).isEqualTo(1);
        assertThat(tooEarly.out).contains("spooled=8").contains("replayed=0");
        assertThat(tooEarly.err).contains("spool file").contains("not replayed");
        assertThat(spoolFiles()).containsExactly(file);
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isEqualTo(4);

        KafkaBroker.broker().restartBroker();

        Replayed first = replay(settings);
        assertThat(first.exit).isZero();
        assertThat(first.out).contains("spooled=8").contains("replayed=8").contains("already-sent=0").contains("left=0");
        assertThat(spoolFiles()).isEmpty();
        List<ConsumerRecord<String, byte[]>> all = job.read(job.topic);
        assertThat(countByKey(all)).hasSize(12).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isEqualTo(12);
        // trace tells the four the run sent from the eight replayed from the spool, each with its run and row
        ConsumerRecord<String, byte[]> byRun = all.stream().filter(r -> JobFixture.header(r, "wla.replay") == null).findFirst().orElseThrow();
        ConsumerRecord<String, byte[]> bySpool = all.stream().filter(r -> "spool".equals(JobFixture.header(r, "wla.replay"))).findFirst().orElseThrow();
        assertThat(all.stream().filter(r -> JobFixture.header(r, "wla.replay") == null)).hasSize(4);
        assertThat(trace(settings, byRun)).contains("origin     sent by a run of its job")
                .contains("job        " + JOB).contains("row        system_id=" + byRun.key())
                .contains("by run " + JobFixture.header(byRun, "wla.run.id")).contains("trigger test");
        assertThat(trace(settings, bySpool)).contains("origin     replayed from the local spool")
                .contains("made-by    run " + JobFixture.header(bySpool, "wla.run.id"))
                .contains("outcome FAILED");
        ByteArrayOutputStream byEvent = new ByteArrayOutputStream();
        String eventId = JobFixture.header(byRun, "wla.event.id");
        assertThat(TraceCommand.execute(Options.parse("trace", "--event-id", eventId).withOverrides(settings),
                new PrintStream(byEvent, true, StandardCharsets.UTF_8))).isZero();
        assertThat(byEvent.toString(StandardCharsets.UTF_8)).contains("event      " + eventId).contains("job        " + JOB)
                .contains("by run " + JobFixture.header(byRun, "wla.run.id"));
        assertThat(TraceCommand.execute(Options.parse("trace", "--event-id", "NO|SUCH|EVENT").withOverrides(settings),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))).as("unknown event").isEqualTo(1);

        Replayed second = replay(settings);
        assertThat(second.exit).isZero();
        assertThat(second.out).contains("spooled=0").contains("replayed=0").contains("left=0");

        // a rerun agrees with the replay: nothing new to send; it resolves the incident on the same channel
        JobRun rerun = job.run(settings);
        assertThat(rerun.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(rerun.sent()).isZero();
        assertThat(rerun.alreadySent()).isEqualTo(12);
        assertThat(countByKey(job.read(job.topic))).hasSize(12).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
        assertThat(tickets.calls()).hasSize(2);
        assertThat(tickets.calls().get(1).body().get("resolved").asBoolean()).isTrue();
        assertThat(tickets.calls().get(1).body().get("resolvedByRunId").asText()).isEqualTo(rerun.runId());
        assertThat(tickets.calls().get(1).body().get("incidentId").asText()).isEqualTo(ticket.get("incidentId").asText());
    }

    @Test
    void aRerunBeforeTheReplaySendsTheSpooledRecordsAndTheReplayThenSendsNothing() throws Exception {
        for (int i = 1; i <= 3; i++) {
            job.row(String.format("SYS%02d", i), JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        }
        Map<String, String> settings = settings(Map.of());
        KafkaBroker.broker().shutdownBroker();
        JobRun failed = job.run(settings);
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.spooled()).isEqualTo(3);
        KafkaBroker.broker().restartBroker();

        JobRun rerun = job.run(settings);
        assertThat(rerun.sent()).isEqualTo(3);
        Replayed replay = replay(settings);

        assertThat(replay.exit).isZero();
        assertThat(replay.out).contains("spooled=3").contains("replayed=0").contains("already-sent=3").contains("left=0");
        assertThat(spoolFiles()).isEmpty();
        assertThat(countByKey(job.read(job.topic))).hasSize(3).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
    }

    @Test
    void withKafkaDownDeadLettersAreSpooledTooAndReplayedToTheDeadLetterTopic() throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("GARBLED", "kaputt", JobFixture.TT.plusDays(1).toString());
        job.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(3).toString());
        Map<String, String> settings = settings(Map.of());
        KafkaBroker.broker().shutdownBroker();

        JobRun failed = job.run(settings);

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(failed.deadLettered()).isEqualTo(1);
        assertThat(failed.spooled()).isEqualTo(3);
        List<SpoolFile.Entry> entries = SpoolFile.read(SpoolFile.path(spoolDir, JOB, failed.runId())).entries();
        assertThat(entries).extracting(SpoolFile.Entry::topic)
                .containsExactlyInAnyOrder(job.topic, job.topic, job.topic + ".dlq");
        KafkaBroker.broker().restartBroker();

        Replayed replay = replay(settings);

        // the dead letter is back on <topic>.dlq and, still not fitting, stays there
        assertThat(replay.exit).isEqualTo(2);
        assertThat(replay.out).contains("spooled=3").contains("replayed=3").contains("left=1");
        assertThat(job.read(job.topic)).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("CLAIMS", "LEDGER");
        List<ConsumerRecord<String, byte[]>> dead = job.read(job.topic + ".dlq");
        assertThat(dead).extracting(ConsumerRecord::key).containsExactly("GARBLED");
        assertThat(JobFixture.header(dead.get(0), "wla.run.id")).isEqualTo(failed.runId());
        assertThat(JobFixture.header(dead.get(0), "wla.error.message")).contains("'kaputt' is not a date");
        assertThat(spoolFiles()).isEmpty();
    }

    @Test
    void aLargeSpoolFileIsReplayedInBatchesAndADamagedTailIsKeptAside() throws Exception {
        // as a run of an earlier process left it: 2,500 records, the last write cut short
        Path file = SpoolFile.path(spoolDir, JOB, "5f0c1b7e-0000-4000-8000-00000000beef");
        List<SpoolFile.Entry> entries = new java.util.ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            String eventId = "SYS" + i + "|ACC|" + JobFixture.RUN_DATE;
            entries.add(new SpoolFile.Entry(JOB, eventId, job.topic, "SYS" + i,
                    Map.of("wla.event.id", eventId.getBytes(StandardCharsets.UTF_8)), new byte[] {0, 0, 0, 0, 1, (byte) i}));
        }
        SpoolFile.append(file, entries);
        try (var channel = java.nio.channels.FileChannel.open(file, java.nio.file.StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 2);
        }

        Replayed replay = replay(settings(Map.of()));

        assertThat(replay.exit).isEqualTo(2);
        assertThat(replay.out).contains("spooled=2499").contains("replayed=2499").contains("left=1");
        assertThat(replay.err).contains("damaged entry").contains(file + ".damaged");
        assertThat(spoolFiles()).containsExactly(Path.of(file + ".damaged"));
        assertThat(countByKey(KafkaBroker.consumeAll(job.topic, 2_499, java.time.Duration.ofSeconds(30)).stream()
                .map(r -> new ConsumerRecord<String, byte[]>(r.topic(), r.partition(), r.offset(),
                        new String(r.key(), StandardCharsets.UTF_8), r.value()))
                .toList())).hasSize(2_499).allSatisfy((key, count) -> assertThat(count).isEqualTo(1L));
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk WHERE job_id = '" + JOB + "'")).isEqualTo(2_499);
    }

    @Test
    void deadLettersThatFitNowAreReplayedOnceAndTheOthersStay() throws Exception {
        job.row("GARBLED", "kaputt", JobFixture.TT.plusDays(1).toString());
        Map<String, String> settings = settings(Map.of());
        JobRun run = job.run(settings);
        assertThat(run.deadLettered()).isEqualTo(1);
        // a dead letter an earlier version rejected that the job's mapping takes now (a German date), and one whose
        // row the rule does not select
        String dlq = job.topic + ".dlq";
        String fits = "{\"system_id\":\"LEGACY\",\"environment\":\"ACC\",\"valid_on\":\"" + JobFixture.RUN_DATE
                + "\",\"tt_date_today\":\"" + JobFixture.TT + "\",\"tt_date_tomorrow\":\""
                + german(JobFixture.TT.plusDays(9)) + "\"}";
        String normal = "{\"system_id\":\"NORMAL\",\"environment\":\"ACC\",\"valid_on\":\"" + JobFixture.RUN_DATE
                + "\",\"tt_date_today\":\"" + JobFixture.TT + "\",\"tt_date_tomorrow\":\"" + JobFixture.TT.plusDays(1) + "\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaBroker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(dlq, "LEGACY", fits)).get();
            producer.send(new ProducerRecord<>(dlq, "NORMAL", normal)).get();
        }

        Replayed first = replay(settings);

        assertThat(first.exit).isEqualTo(2);
        assertThat(first.out).contains("dead-letters=3").contains("replayed=1").contains("dropped-by-rule=1").contains("left=1");
        assertThat(first.err).contains(dlq).contains("'kaputt' is not a date").contains("it stays");
        List<ConsumerRecord<String, byte[]>> events = job.read(job.topic);
        assertThat(events).extracting(ConsumerRecord::key).containsExactly("LEGACY");
        assertThat(JobFixture.header(events.get(0), "wla.event.id")).startsWith("LEGACY|ACC|");
        assertThat(trace(settings, events.get(0))).contains("origin     replayed from a dead letter, revalidated")
                .contains("event      LEGACY|ACC|");
        ConsumerRecord<String, byte[]> staying = job.read(dlq).stream().filter(r -> "GARBLED".equals(r.key())).findFirst().orElseThrow();
        assertThat(trace(settings, staying)).contains("origin     dead letter of job " + JOB + " run " + run.runId())
                .contains("'kaputt' is not a date");

        Replayed second = replay(settings);

        assertThat(second.exit).isEqualTo(1);
        // the row that stays is read again, the one replayed is found sent already
        assertThat(second.out).contains("dead-letters=3").contains("replayed=0").contains("already-sent=1").contains("left=1");
        assertThat(job.read(job.topic)).extracting(ConsumerRecord::key).containsExactly("LEGACY");
    }

    @Test
    void aReplayedDeadLetterIsBuiltAsTheJobBuildsItsRecordsForTheDayItWasRejected(@TempDir Path routes) throws Exception {
        // a job whose rule depends on the run date, with a static key and CloudEvents headers
        String jobFile = Files.readString(Path.of("routes", JOB + ".camel.yaml")).replace(
                "\"${body[ttDateTomorrow]} != ${body[ttDateToday].plusDays(1)}\"",
                "\"${body[validOn]} == ${exchangeProperty.wlaRunDate}\"");
        assertThat(jobFile).contains("wlaRunDate");
        Files.writeString(routes.resolve(JOB + ".camel.yaml"), jobFile);
        Map<String, String> settings = settings(Map.of(
                "camel.main.routesIncludePattern", "classpath:camel/*.camel.yaml,file:" + routes + "/*.camel.yaml",
                "wla.timetravel.partition-key", "static:ALL", "wla.timetravel.cloud-events", "true"));
        // rejected by yesterday's run (its row was yesterday's): replayed today, it is judged for yesterday
        java.time.LocalDate yesterday = JobFixture.RUN_DATE.minusDays(1);
        String row = "{\"system_id\":\"LEGACY\",\"environment\":\"ACC\",\"valid_on\":\"" + yesterday
                + "\",\"tt_date_today\":\"" + JobFixture.TT + "\",\"tt_date_tomorrow\":\"" + JobFixture.TT.plusDays(9) + "\"}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                KafkaBroker.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> letter = new ProducerRecord<>(job.topic + ".dlq", "LEGACY", row);
            letter.headers().add("wla.run.date", yesterday.toString().getBytes(StandardCharsets.UTF_8));
            producer.send(letter).get();
        }

        Replayed replay = replay(settings);

        assertThat(replay.exit).as(replay.err).isZero();
        assertThat(replay.out).contains("replayed=1").contains("dropped-by-rule=0").contains("left=0");
        List<ConsumerRecord<String, byte[]>> events = job.read(job.topic);
        assertThat(events).extracting(ConsumerRecord::key).containsExactly("ALL");
        ConsumerRecord<String, byte[]> event = events.get(0);
        assertThat(JobFixture.header(event, "wla.event.id")).isEqualTo("LEGACY|ACC|" + yesterday + "|" + JobFixture.TT.plusDays(9));
        assertThat(JobFixture.header(event, "ce_id")).isEqualTo(JobFixture.header(event, "wla.event.id"));
        assertThat(JobFixture.header(event, "ce_specversion")).isEqualTo("1.0");
        assertThat(JobFixture.header(event, "ce_source")).isEqualTo("/wla-bridge/" + JOB);
        assertThat(JobFixture.header(event, "ce_subject")).isEqualTo("LEGACY");
        assertThat(JobFixture.header(event, "content-type")).isEqualTo("application/avro");
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "wla.spool.dir", spoolDir.toString(),
                "wla.kafka.delivery-timeout-ms", "3000",
                "wla.kafka.max-block-ms", "1500",
                "wla.escalation.webhook-url", tickets.url(),
                "wla.escalation.webhook-token", "ticket-token",
                "wla.escalation.webhook-backoff-ms", "100"));
        settings.putAll(extra);
        return job.settings(settings);
    }

    private record Replayed(int exit, String out, String err) {
    }

    private static Replayed replay(Map<String, String> settings) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = ReplayCommand.execute(Options.parse("replay", "--job", JOB).withOverrides(settings),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Replayed(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static String trace(Map<String, String> settings, ConsumerRecord<?, ?> record) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = TraceCommand.execute(Options.parse("trace", record.topic() + ":" + record.partition() + "@" + record.offset())
                .withOverrides(settings), new PrintStream(out, true, StandardCharsets.UTF_8));
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(exit).as(text).isZero();
        return text;
    }

    private List<Path> spoolFiles() throws Exception {
        try (var files = Files.list(spoolDir)) {
            return files.toList();
        }
    }

    private static Map<String, Long> countByKey(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().collect(Collectors.groupingBy(ConsumerRecord::key, Collectors.counting()));
    }

    private static String german(java.time.LocalDate date) {
        return String.format("%02d.%02d.%d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
    }

}
