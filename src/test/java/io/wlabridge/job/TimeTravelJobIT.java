package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.demo.DemoData;
import io.wlabridge.testing.ConfluentDecoder;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.SchemaRegistry;

/** The daily time-travel job end to end: PostgreSQL, an in-process Kafka broker and the registry stand-in. */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class TimeTravelJobIT {

    private static final String JOB = JobFixture.JOB;
    private static final LocalDate RUN_DATE = JobFixture.RUN_DATE;
    private static final LocalDate TT = JobFixture.TT;


    private JobFixture job;

    @BeforeEach
    void freshSchemaAndTopics() {
        job = new JobFixture(SchemaRegistry.url());
    }

    @Test
    void deviatingRowsAreSentWithEveryFieldAndNormalOnesFilteredOut() throws Exception {
        row("BILLING", TT.toString(), TT.plusDays(1).toString());
        row("CLAIMS", TT.toString(), TT.plusDays(7).toString());
        row("LEDGER", TT.toString(), TT.toString());
        row("POLICY", TT.toString(), german(TT.plusDays(1)));
        DemoData.insert(job.db.dataSource(), "CLAIMS", "PROD", RUN_DATE, TT.toString(), TT.plusDays(9).toString());
        DemoData.insert(job.db.dataSource(), "CLAIMS", "ACC", RUN_DATE.minusDays(1), TT.toString(), TT.plusDays(9).toString());

        JobRun run = runJob(Map.of());

        assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.read()).isEqualTo(4);
        assertThat(run.filtered()).isEqualTo(2);
        assertThat(run.sent()).isEqualTo(2);
        assertThat(run.deadLettered()).isZero();

        List<ConsumerRecord<String, byte[]>> records = read(job.topic);
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("CLAIMS", "LEDGER");
        ConfluentDecoder decoder = new ConfluentDecoder(SchemaRegistry.url());
        GenericRecord claims = decoder.decode(records.get(0).value());
        assertThat(claims.getSchema().getFullName()).isEqualTo("io.wlabridge.events.timetravel.TimeTravelDeviation");
        assertThat(claims.get("systemId").toString()).isEqualTo("CLAIMS");
        assertThat(claims.get("environment").toString()).isEqualTo("ACC");
        assertThat(claims.get("validOn")).isEqualTo((int) RUN_DATE.toEpochDay());
        assertThat(claims.get("ttDateToday")).isEqualTo((int) TT.toEpochDay());
        assertThat(claims.get("ttDateTomorrow")).isEqualTo((int) TT.plusDays(7).toEpochDay());
        GenericRecord ledger = decoder.decode(records.get(1).value());
        assertThat(ledger.get("ttDateTomorrow")).isEqualTo((int) TT.toEpochDay());
        assertThat(JobFixture.header(records.get(0), "wla.event.id")).isEqualTo("CLAIMS|ACC|" + RUN_DATE + "|" + TT.plusDays(7));

        int registeredId = new ObjectMapper().readTree(new java.net.URL(SchemaRegistry.url() + "/subjects/" + job.topic
                + "-value/versions/latest").openStream()).get("id").asInt();
        assertThat(decoder.schemaId(records.get(0).value())).isEqualTo(registeredId);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE outcome = 'SUCCEEDED' AND rows_sent = 2")).isEqualTo(1);
    }

    @Test
    void rerunOnSameDaySendsNothingNew() throws Exception {
        row("CLAIMS", TT.toString(), TT.plusDays(7).toString());
        row("LEDGER", TT.toString(), TT.toString());
        row("BILLING", TT.toString(), TT.plusDays(1).toString());

        JobRun first = runJob(Map.of());
        JobRun second = runJob(Map.of());

        assertThat(first.sent()).isEqualTo(2);
        assertThat(second.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(second.sent()).isZero();
        assertThat(second.alreadySent()).isEqualTo(2);
        assertThat(read(job.topic)).hasSize(2);
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk WHERE job_id = '" + JOB + "'")).isEqualTo(2);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE job_id = '" + JOB + "'")).isEqualTo(2);
    }

    @Test
    void withARetentionASuccessfulRunForgetsTheJobsOldIdsAndKeepsTheRest() throws Exception {
        row("CLAIMS", TT.toString(), TT.plusDays(7).toString());
        io.wlabridge.ops.BridgeTables.create(job.db.dataSource());
        job.db.execute("INSERT INTO wla_sent (job_id, event_id, run_id, topic, sent_at) VALUES"
                + " ('" + JOB + "', 'OLD|ACC|2026-10-01|2026-10-09', 'run-0', 'topic', LOCALTIMESTAMP - INTERVAL '40 days'),"
                + " ('" + JOB + "', 'RECENT|ACC|2026-11-20|2026-11-28', 'run-0', 'topic', LOCALTIMESTAMP - INTERVAL '10 days'),"
                + " ('another-job', 'OLD|ACC|2026-10-01|2026-10-09', 'run-0', 'topic', LOCALTIMESTAMP - INTERVAL '40 days')");

        JobRun run = runJob(Map.of("wla.delivery.sent-retention-days", "30"));

        assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(run.sent()).isEqualTo(1);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = '" + JOB + "' AND event_id LIKE 'OLD|%'"))
                .as("the job's id recorded 40 days ago is forgotten").isZero();
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = '" + JOB + "'"))
                .as("the id of 10 days ago remains").isEqualTo(1);
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk WHERE job_id = '" + JOB + "'")).as("and the run's own").isEqualTo(1);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_sent WHERE job_id = 'another-job'")).isEqualTo(1);
    }

    @Test
    void malformedRowsGoToDeadLetterWithReasonWhileTheRestIsSent() throws Exception {
        row("CLAIMS", TT.toString(), TT.plusDays(7).toString());
        row("NULLDATE", TT.toString(), null);
        row("GARBLED", "kaputt", TT.plusDays(1).toString());

        JobRun run = runJob(Map.of());

        assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_DEAD_LETTERS);
        assertThat(run.sent()).isEqualTo(1);
        assertThat(run.deadLettered()).isEqualTo(2);
        assertThat(read(job.topic)).extracting(ConsumerRecord::key).containsExactly("CLAIMS");

        List<ConsumerRecord<String, byte[]>> dead = read(job.topic + ".dlq");
        assertThat(dead).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("NULLDATE", "GARBLED");
        for (ConsumerRecord<String, byte[]> letter : dead) {
            assertThat(JobFixture.header(letter, "wla.job.id")).isEqualTo(JOB);
            assertThat(JobFixture.header(letter, "wla.run.id")).isEqualTo(run.runId());
            assertThat(JobFixture.header(letter, "wla.error.class")).isEqualTo(RecordRejectedException.class.getName());
            JsonNode row = new ObjectMapper().readTree(letter.value());
            assertThat(row.get("system_id").asText()).isEqualTo(letter.key());
            assertThat(row.get("valid_on").asText()).isEqualTo(RUN_DATE.toString());
        }
        ConsumerRecord<String, byte[]> nullDate = dead.stream().filter(r -> r.key().equals("NULLDATE")).findFirst().orElseThrow();
        assertThat(JobFixture.header(nullDate, "wla.error.message")).contains("ttDateTomorrow").contains("tt_date_tomorrow").contains("NULL");
        ConsumerRecord<String, byte[]> garbled = dead.stream().filter(r -> r.key().equals("GARBLED")).findFirst().orElseThrow();
        assertThat(JobFixture.header(garbled, "wla.error.message")).contains("ttDateToday").contains("'kaputt' is not a date");
        assertThat(new ObjectMapper().readTree(garbled.value()).get("tt_date_today").asText()).isEqualTo("kaputt");
    }

    @Test
    void registryUnreachableFailsTheRunAndEscalatesWithNothingRecordedAsSent() throws Exception {
        row("CLAIMS", TT.toString(), TT.plusDays(7).toString());

        JobRun run;
        try (LogCapture logs = new LogCapture()) {
            run = runJob(Map.of("wla.registry.url", "http://127.0.0.1:" + JobFixture.closedPort(), "wla.registry.retries", "0"));
            assertThat(logs.lines(Level.ERROR)).hasSize(1).first().asString()
                    .contains(JOB).contains(run.runId()).contains("wla.registry.url");
        }

        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains("wla.registry.url");
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isZero();
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE outcome = 'FAILED'")).isEqualTo(1);
        List<ConsumerRecord<String, byte[]>> escalated = read(job.escalations);
        assertThat(escalated).hasSize(1);
        JsonNode event = new ObjectMapper().readTree(escalated.get(0).value());
        assertThat(event.get("jobId").asText()).isEqualTo(JOB);
        assertThat(event.get("runId").asText()).isEqualTo(run.runId());
        assertThat(event.get("severity").asText()).isEqualTo("ERROR");
        assertThat(event.get("cause").asText()).isEqualTo("RUN_FAILED");
        assertThat(event.get("error").asText()).contains("wla.registry.url");
    }

    @Test
    void missingTableFailsTheRunNamingTheJobAndItsQueryFile() throws Exception {
        job.db.execute("DROP TABLE timetravel_mapping");

        JobRun run;
        try (LogCapture logs = new LogCapture()) {
            run = runJob(Map.of());
            assertThat(logs.lines(Level.ERROR)).hasSize(1).first().asString().contains(JOB).contains(run.runId())
                    .contains("the database rejects the query of job timetravel-daily (routes/timetravel-daily.sql)")
                    .contains("timetravel_mapping").contains("a table or column it names is missing or misspelt")
                    .doesNotContain("that the database is reachable");
        }
        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains("routes/timetravel-daily.sql").contains("SQLSTATE 42P01");
    }

    @Test
    void kafkaUnreachableFailsTheRunAndARerunSendsWhatItCouldNot() throws Exception {
        row("CLAIMS", TT.toString(), TT.plusDays(7).toString());
        row("LEDGER", TT.toString(), TT.toString());

        JobRun failed;
        try (LogCapture logs = new LogCapture()) {
            failed = runJob(Map.of("wla.kafka.bootstrap-servers", "127.0.0.1:" + JobFixture.closedPort(),
                    "wla.kafka.max-block-ms", "1500", "wla.kafka.delivery-timeout-ms", "3000"));
            assertThat(logs.lines(Level.ERROR)).hasSize(1).first().asString()
                    .contains(JOB).contains("wla.kafka.bootstrap-servers");
        }
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isZero();

        JobRun rerun = runJob(Map.of());
        assertThat(rerun.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(rerun.sent()).isEqualTo(2);
        assertThat(read(job.topic)).hasSize(2);
    }

    private JobRun runJob(Map<String, String> extra) throws Exception {
        return job.run(extra);
    }

    private void row(String system, String today, String tomorrow) throws Exception {
        job.row(system, today, tomorrow);
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic) {
        return job.read(topic);
    }

    private static String german(LocalDate date) {
        return String.format("%02d.%02d.%d", date.getDayOfMonth(), date.getMonthValue(), date.getYear());
    }

    @Test
    void runDateGivenByTheCallerSelectsThatDaysRows() throws Exception {
        // e.g. an Automic job re-running yesterday: its logical date, not today
        LocalDate yesterday = JobFixture.RUN_DATE.minusDays(1);
        io.wlabridge.demo.DemoData.insert(job.db.dataSource(), "ARCHIVE", io.wlabridge.demo.DemoData.ENVIRONMENT, yesterday,
                JobFixture.TT.toString(), JobFixture.TT.plusDays(5).toString());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());

        JobRun run = job.run(Map.of("wla.job.run-date", yesterday.toString()));

        assertThat(run.runDate()).isEqualTo(yesterday);
        assertThat(run.read()).isEqualTo(1);
        assertThat(run.sent()).isEqualTo(1);
        assertThat(job.read(job.topic)).extracting(r -> r.key()).containsExactly("ARCHIVE");
    }
}
