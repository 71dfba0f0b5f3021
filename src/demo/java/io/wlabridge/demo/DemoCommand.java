package io.wlabridge.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.cli.RunCommand;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * {@code demo}: the time-travel job once, against an embedded H2 database with sample rows, an in-process Kafka
 * broker and the registry stand-in; prints the summary and the decoded events. {@code demo --serve} runs the whole
 * service on the same embedded default instead ({@link DemoService}).
 */
public final class DemoCommand {

    static final String JOB = "timetravel-daily";

    private DemoCommand() {
    }

    public static int execute(Options options, PrintStream out) throws Exception {
        if (options.flag("serve")) {
            return DemoService.serve(options, out);
        }
        RegistryStandIn registry = new RegistryStandIn().start(EmbeddedKafkaBroker.HOST, 0);
        try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
            try (BridgeMain bridge = new BridgeMain(options.withOverrides(embeddedDefault(kafka, registry))).start()) {
                JobDefinition job = bridge.setup().catalog().job(JOB);
                seed(bridge);
                JobRun run = RunCommand.runOnce(bridge, JOB, "demo");
                out.println(run.summary());
                printEvents(out, bridge, kafka, job);
                return run.outcome() == RunOutcome.FAILED ? 1 : 0;
            }
        } finally {
            registry.stop();
        }
    }

    /** The settings that put the bridge on the embedded default: H2 in memory, the in-process broker, the stand-in. */
    static Map<String, String> embeddedDefault(EmbeddedKafkaBroker kafka, RegistryStandIn registry) {
        return Map.of(
                "wla.datasource.url", "jdbc:h2:mem:wla-demo;DB_CLOSE_DELAY=-1",
                "wla.datasource.username", "sa",
                "wla.datasource.password", "",
                "wla.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "wla.registry.url", registry.url());
    }

    /** The demo rows for the time-travel job's run date today, in the bridge's database. */
    static void seed(BridgeMain bridge) throws SQLException {
        DataSource db = bridge.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
        DemoData.seed(db, LocalDate.now(bridge.setup().catalog().zone(JOB)));
    }

    private static void printEvents(PrintStream out, BridgeMain bridge, EmbeddedKafkaBroker kafka, JobDefinition job)
            throws Exception {
        RegistryAvroDataFormat avro = bridge.context().getRegistry().lookupByNameAndType("registryAvroDataFormat", RegistryAvroDataFormat.class);
        out.println("events on " + job.topic() + ":");
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(kafka.bootstrapServers(), job.topic(), Duration.ofSeconds(30))) {
            GenericRecord event = (GenericRecord) avro.unmarshal(null, record.value());
            out.println("  key=" + record.key() + " " + EventText.of(event));
        }
        out.println("dead letters on " + job.deadLetterTopic() + ":");
        for (ConsumerRecord<String, byte[]> record : TopicReader.readAll(kafka.bootstrapServers(), job.deadLetterTopic(), Duration.ofSeconds(30))) {
            Header reason = record.headers().lastHeader("wla.error.message");
            out.println("  key=" + record.key() + " reason=" + (reason == null ? "?" : new String(reason.value(), StandardCharsets.UTF_8)));
        }
    }
}
