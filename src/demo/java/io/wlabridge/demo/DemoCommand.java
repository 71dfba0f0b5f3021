package io.wlabridge.demo;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

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
 * {@code demo [--serve]}: the time-travel job once, against an embedded H2 database with sample rows, an
 * in-process Kafka broker and the registry stand-in; prints the summary and the decoded events. With
 * {@code --serve} it keeps running with Kafka on 127.0.0.1:9092 and the registry on http://127.0.0.1:8081.
 */
public final class DemoCommand {

    private static final String JOB = "timetravel-daily";

    private DemoCommand() {
    }

    public static int execute(Options options, PrintStream out) throws Exception {
        boolean serve = options.flag("serve");
        RegistryStandIn registry = new RegistryStandIn().start("127.0.0.1", serve ? 8081 : 0);
        try (EmbeddedKafkaBroker kafka = serve ? EmbeddedKafkaBroker.start(9092) : EmbeddedKafkaBroker.start()) {
            Options demo = options.withOverrides(Map.of(
                    "wla.datasource.url", "jdbc:h2:mem:wla-demo;DB_CLOSE_DELAY=-1",
                    "wla.datasource.username", "sa",
                    "wla.datasource.password", "",
                    "wla.kafka.bootstrap-servers", kafka.bootstrapServers(),
                    "wla.registry.url", registry.url()));
            try (BridgeMain bridge = new BridgeMain(demo).start()) {
                JobDefinition job = bridge.setup().catalog().job(JOB);
                DataSource db = bridge.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
                DemoData.seed(db, LocalDate.now(bridge.setup().catalog().zone(JOB)));

                JobRun run = RunCommand.runOnce(bridge, JOB, "demo");
                out.println(run.summary());
                printEvents(out, bridge, kafka, job);
                if (serve) {
                    out.println("serving: Kafka " + kafka.bootstrapServers() + ", Schema Registry " + registry.url()
                            + ", topic " + job.topic() + "; Ctrl-C stops");
                    CountDownLatch stopped = new CountDownLatch(1);
                    Runtime.getRuntime().addShutdownHook(new Thread(stopped::countDown));
                    stopped.await();
                }
                return run.outcome() == RunOutcome.FAILED ? 1 : 0;
            }
        } finally {
            registry.stop();
        }
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
