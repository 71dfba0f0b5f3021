package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.WlaBridge;
import io.wlabridge.demo.TopicReader;
import io.wlabridge.testing.ConfluentDecoder;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/** `send` as an Automic job calls it: JSON, CSV and stdin, with and without a schema; exit 0, 2 or 1. */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class SendCommandIT {

    private final String topic = "send-" + UUID.randomUUID().toString().substring(0, 8);
    private final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
    private final ByteArrayOutputStream stderr = new ByteArrayOutputStream();

    @Test
    void jsonArrayWithoutSchemaIsSentAsJsonWithTheKeyField(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data.json"), """
                [{"system_id": "CLAIMS", "note": "late"}, {"system_id": "LEDGER", "note": null}]""");

        assertThat(send(null, "--topic", topic, "--key-field", "system_id", "--file", file.toString())).isZero();

        List<ConsumerRecord<String, byte[]>> records = read();
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("CLAIMS", "LEDGER");
        assertThat(new ObjectMapper().readTree(records.get(0).value()).get("note").asText()).isEqualTo("late");
        assertThat(out()).containsExactly("send topic=" + topic + " records=2 delivered=2 rejected=0 failed=0");
    }

    @Test
    void csvWithSchemaIsValidatedAndSentAsAvroWhileInvalidRowsAreListed(@TempDir Path dir) throws Exception {
        LocalDate day = LocalDate.of(2026, 12, 23);
        Path file = Files.writeString(dir.resolve("data.csv"), String.join("\n",
                "system_id,environment,valid_on,tt_date_today,tt_date_tomorrow",
                "CLAIMS,ACC,2026-11-23," + day + "," + day.plusDays(7),
                "BROKEN,ACC,2026-11-23," + day + ",not-a-date",
                "SHORT,ACC",
                "LEDGER,ACC,2026-11-23," + day + "," + day));

        int exit = send(null, "--topic", topic, "--schema", "TimeTravelDeviation", "--key-field", "system_id",
                "--file", file.toString());

        assertThat(exit).isEqualTo(2);
        assertThat(out()).containsExactly("send topic=" + topic + " records=4 delivered=2 rejected=2 failed=0");
        assertThat(err()).containsExactly(
                "rejected record 2: field 'ttDateTomorrow' (column tt_date_tomorrow) 'not-a-date' is not a date (yyyy-MM-dd or dd.MM.yyyy)",
                "rejected record 3: has 2 values but the header names 5 columns");
        ConfluentDecoder decoder = new ConfluentDecoder(SchemaRegistry.url());
        List<GenericRecord> events = new ArrayList<>();
        read().forEach(r -> events.add(decoder.decode(r.value())));
        assertThat(events).extracting(e -> e.get("systemId").toString()).containsExactly("CLAIMS", "LEDGER");
        assertThat(events.get(0).get("ttDateTomorrow")).isEqualTo((int) day.plusDays(7).toEpochDay());
    }

    @Test
    void jsonLinesFromStandardInput() throws Exception {
        String lines = "{\"id\": 1}\n{\"id\": 2}\nnot json\n";

        assertThat(send(lines, "--topic", topic, "--file", "-")).isEqualTo(2);
        assertThat(read()).hasSize(2);
        assertThat(err()).singleElement().asString().startsWith("rejected record 3: not JSON");
    }

    @Test
    void nothingDeliverableExitsOne(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data.json"), "[1, 2]");

        assertThat(send(null, "--topic", topic, "--file", file.toString())).isEqualTo(1);
        assertThat(out()).containsExactly("send topic=" + topic + " records=2 delivered=0 rejected=2 failed=0");
    }

    @Test
    void unreachableKafkaExitsOneWithTheReason(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("data.json"), "[{\"id\": 1}]");
        PrintStream originalErr = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int exit = WlaBridge.execute("send", "--topic", topic, "--file", file.toString(),
                    "--wla.kafka.bootstrap-servers=127.0.0.1:" + JobFixture.closedPort(), "--wla.kafka.max-block-ms=1500");
            assertThat(exit).isEqualTo(1);
        } finally {
            System.setErr(originalErr);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8)).contains("wla-bridge: ").contains("1500 ms");
    }

    private int send(String stdin, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("send"));
        all.addAll(List.of(args));
        all.add("--wla.kafka.bootstrap-servers=" + KafkaBroker.bootstrapServers());
        all.add("--wla.registry.url=" + SchemaRegistry.url());
        InputStream in = new ByteArrayInputStream((stdin == null ? "" : stdin).getBytes(StandardCharsets.UTF_8));
        return SendCommand.execute(Options.parse(all.toArray(String[]::new)), in,
                new PrintStream(stdout, true, StandardCharsets.UTF_8), new PrintStream(stderr, true, StandardCharsets.UTF_8));
    }

    private List<ConsumerRecord<String, byte[]>> read() {
        return TopicReader.readAll(KafkaBroker.bootstrapServers(), topic, java.time.Duration.ofSeconds(30));
    }

    private List<String> out() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }

    private List<String> err() {
        return stderr.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
