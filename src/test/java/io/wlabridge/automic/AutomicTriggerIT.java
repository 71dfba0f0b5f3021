package io.wlabridge.automic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.job.SchemaFiles;
import io.wlabridge.registry.RegistryClientConfig;
import io.wlabridge.registry.SchemaRegistryClient;
import io.wlabridge.registry.WireFormat;
import io.wlabridge.testing.AutomicStandIn;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/**
 * Trigger job deviation-to-automic (routes/deviation-to-automic.camel.yaml) against real parts: the in-process
 * broker, the registry stand-in, PostgreSQL, and an HTTP receiver following the Automic executions contract (docs/contracts/automic-executions.md).
 * Events are produced with a plain Kafka producer, as any application would.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class AutomicTriggerIT {

    private static final String JOB = "deviation-to-automic";
    private static final String OBJECT = "JOBP.TIMETRAVEL.DEVIATION";
    private static final String USER = "UC/AUTOMIC";
    private static final String PASSWORD = "not-in-any-log-7f3a";
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);

    private JobFixture fixture;
    private AutomicStandIn automic;
    private String group;
    private String topic;

    @BeforeEach
    void freshTopicGroupAndReceiver() throws Exception {
        fixture = new JobFixture(SchemaRegistry.url());
        topic = fixture.topic;
        group = "g-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.broker().createTopic(topic, 1);
        automic = new AutomicStandIn(USER, PASSWORD);
    }

    @AfterEach
    void stopReceiver() {
        automic.close();
    }

    @Test
    void avroAndJsonEventsStartOneExecutionEachWithTheirInputsAndTheRunIdsAreRecorded() throws Exception {
        try (BridgeMain bridge = service(Map.of()).start()) {
            produceAvro("CLAIMS", "ACC");
            produceAvro("BILLING", "PROD");
            produceJson("LEDGER", "{\"systemId\":\"LEDGER\",\"environment\":\"ACC\",\"ttDateToday\":\"2026-12-23\","
                    + "\"ttDateTomorrow\":\"2026-12-30\",\"validOn\":\"2026-11-23\"}");

            await().atMost(60, TimeUnit.SECONDS).until(() -> committed() == 3);
        }
        List<AutomicStandIn.Execution> executions = automic.executions();
        assertThat(executions).hasSize(2);
        AutomicStandIn.Execution claims = executions.get(0);
        assertThat(claims.client()).isEqualTo("100");
        assertThat(claims.objectName()).isEqualTo(OBJECT);
        assertThat(claims.executionOption()).isEqualTo("execute");
        assertThat(claims.user()).isEqualTo(USER);
        assertThat(claims.inputs()).containsExactly(Map.entry("SYSTEM_ID#", "CLAIMS"), Map.entry("ENVIRONMENT#", "ACC"),
                Map.entry("TT_DATE_TODAY#", DAY.plusDays(30).toString()),
                Map.entry("TT_DATE_TOMORROW#", DAY.plusDays(37).toString()));
        assertThat(executions.get(1).inputs()).containsEntry("SYSTEM_ID#", "LEDGER").containsEntry("TT_DATE_TOMORROW#", "2026-12-30");
        // the PROD event did not pass the filter: no request at all
        assertThat(automic.posts()).isEqualTo(2);

        List<String> ledger = rows("SELECT kafka_offset || ':' || event_key || ':' || automic_run_id || ':' || object_name"
                + " FROM wla_automic_execution WHERE job_id = '" + JOB + "' ORDER BY kafka_offset");
        assertThat(ledger).containsExactly("0:CLAIMS:" + claims.runId() + ":" + OBJECT,
                "2:LEDGER:" + executions.get(1).runId() + ":" + OBJECT);
    }

    @Test
    void unavailableThenAcceptedStartsExactlyOneExecution() throws Exception {
        automic.answerNext(503, 503);
        automic.acceptWith(201);
        try (BridgeMain bridge = service(Map.of()).start()) {
            produceAvro("CLAIMS", "ACC");

            await().atMost(60, TimeUnit.SECONDS).until(() -> committed() == 1);
        }
        assertThat(automic.posts()).isEqualTo(3);
        assertThat(automic.executions()).hasSize(1);
        assertThat(fixture.db.count("SELECT COUNT(*) FROM wla_automic_execution WHERE automic_run_id = "
                + automic.executions().get(0).runId())).isEqualTo(1);
    }

    @Test
    void refusedAndUnreadableEventsGoToTheDeadLetterTopicWithTheReasonAndLaterEventsStillFlow() throws Exception {
        automic.rejectWhen(inputs -> "BAD".equals(inputs.get("SYSTEM_ID#")));
        try (BridgeMain bridge = service(Map.of()).start()) {
            produceAvro("BAD", "ACC");
            produceJson("BROKEN", "this is not JSON");
            produceAvro("CLAIMS", "ACC");

            await().atMost(60, TimeUnit.SECONDS).until(() -> committed() == 3);
        }
        assertThat(automic.executions()).extracting(e -> e.inputs().get("SYSTEM_ID#")).containsExactly("CLAIMS");
        // 400 is not retried
        assertThat(automic.posts()).isEqualTo(2);

        List<ConsumerRecord<String, byte[]>> dead = fixture.read(topic + ".automic.dlq");
        assertThat(dead).hasSize(2);
        assertThat(dead.get(0).key()).isEqualTo("BAD");
        assertThat(JobFixture.header(dead.get(0), "wla.job.id")).isEqualTo(JOB);
        assertThat(JobFixture.header(dead.get(0), "wla.error.message")).contains("answered 400").contains("inputs do not fit");
        assertThat(JobFixture.header(dead.get(0), "wla.source")).isEqualTo(topic + "-0@0");
        assertThat(WireFormat.schemaIdOf(dead.get(0).value())).as("the original Avro value").isPositive();
        assertThat(dead.get(1).key()).isEqualTo("BROKEN");
        assertThat(JobFixture.header(dead.get(1), "wla.error.message")).contains("neither JSON nor Avro");
        assertThat(new String(dead.get(1).value(), StandardCharsets.UTF_8)).isEqualTo("this is not JSON");
    }

    @Test
    void eventsWaitWhileAutomicIsDownAndAfterARestartEachStartsExactlyOnce() throws Exception {
        automic.down(true);
        try (BridgeMain bridge = service(Map.of()).start()) {
            produceAvro("CLAIMS", "ACC");
            produceAvro("LEDGER", "ACC");
            produceAvro("PAYROLL", "ACC");

            // the first event was tried, retried, and read again after the retries ran out: nothing is committed
            await().atMost(60, TimeUnit.SECONDS).until(() -> automic.posts() >= 6);
            assertThat(committed()).isZero();
            assertThat(automic.executions()).isEmpty();
        }
        int postsWhileDown = automic.posts();
        automic.down(false);
        try (BridgeMain bridge = service(Map.of()).start()) {
            await().atMost(60, TimeUnit.SECONDS).until(() -> committed() == 3);
        }
        assertThat(automic.executions()).extracting(e -> e.inputs().get("SYSTEM_ID#"))
                .containsExactly("CLAIMS", "LEDGER", "PAYROLL");
        assertThat(automic.posts() - postsWhileDown).isEqualTo(3);
        assertThat(fixture.db.count("SELECT COUNT(*) FROM wla_automic_execution")).isEqualTo(3);
    }

    @Test
    void withDeadLetterWhenUnavailableTheEventIsDeadLetteredAfterTheRetries() throws Exception {
        automic.down(true);
        try (BridgeMain bridge = service(Map.of("wla.deviation-automic.when-unavailable", "dead-letter")).start()) {
            produceAvro("CLAIMS", "ACC");

            await().atMost(60, TimeUnit.SECONDS).until(() -> committed() == 1);
        }
        assertThat(automic.posts()).isEqualTo(3);
        List<ConsumerRecord<String, byte[]>> dead = fixture.read(topic + ".automic.dlq");
        assertThat(dead).hasSize(1);
        assertThat(JobFixture.header(dead.get(0), "wla.error.message")).contains("answered 503");
    }

    @Test
    void oneShotCommandsLoadTriggerJobsButDoNotConsume() throws Exception {
        produceAvro("CLAIMS", "ACC");
        Map<String, String> settings = new HashMap<>(Map.of("wla.deviation-automic.enabled", "true",
                "wla.deviation-automic.group-id", group, "wla.automic.url", automic.url(), "wla.automic.client", "100",
                "wla.automic.user", USER, "wla.automic.password", PASSWORD));
        try (BridgeMain bridge = new BridgeMain(Options.parse("run", JobFixture.JOB).withOverrides(fixture.settings(settings)))
                .start()) {
            assertThat(bridge.setup().triggers().trigger(JOB).autoStartup()).isTrue();
            assertThat(bridge.context().getRouteController().getRouteStatus(JOB).isStopped()).isTrue();
        }
        assertThat(automic.posts()).isZero();
        assertThat(committed()).isZero();
    }

    private BridgeMain service(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "wla.deviation-automic.enabled", "true",
                "wla.deviation-automic.group-id", group,
                "wla.automic.url", automic.url(),
                "wla.automic.client", "100",
                "wla.automic.user", USER,
                "wla.automic.password", PASSWORD,
                "wla.automic.retries", "2",
                "wla.automic.retry-delay-ms", "50"));
        settings.putAll(extra);
        return new BridgeMain(Options.parse().withOverrides(fixture.settings(settings)));
    }

    /** The offset the trigger's group committed on the topic's one partition (0: none). */
    private long committed() throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        try (Admin admin = Admin.create(props)) {
            OffsetAndMetadata offset = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(30, TimeUnit.SECONDS).get(new TopicPartition(topic, 0));
            return offset == null ? 0 : offset.offset();
        }
    }

    private void produceAvro(String system, String environment) throws Exception {
        Schema schema = SchemaFiles.load(Path.of("schemas"), "TimeTravelDeviation");
        int id = new SchemaRegistryClient(RegistryClientConfig.of(SchemaRegistry.url())).register(topic + "-value", schema);
        GenericRecord event = new GenericData.Record(schema);
        event.put("systemId", system);
        event.put("environment", environment);
        event.put("validOn", (int) DAY.toEpochDay());
        event.put("ttDateToday", (int) DAY.plusDays(30).toEpochDay());
        event.put("ttDateTomorrow", (int) DAY.plusDays(37).toEpochDay());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(event, encoder);
        encoder.flush();
        produce(system, WireFormat.encode(id, out.toByteArray()));
    }

    private void produceJson(String key, String json) throws Exception {
        produce(key, json.getBytes(StandardCharsets.UTF_8));
    }

    private void produce(String key, byte[] value) throws Exception {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        }
    }

    private List<String> rows(String sql) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = fixture.db.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                rows.add(rs.getString(1));
            }
        }
        return rows;
    }
}
