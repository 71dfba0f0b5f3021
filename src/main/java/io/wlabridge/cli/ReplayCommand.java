package io.wlabridge.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Properties;
import java.util.Set;

import javax.sql.DataSource;

import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.component.kafka.KafkaConfiguration;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.RecordPipeline;
import io.wlabridge.job.RecordSender;
import io.wlabridge.ops.Replay;
import io.wlabridge.ops.Spool;

/**
 * {@code replay [--job <id>]}: re-sends spooled records and, after revalidation, dead-lettered ones to their job's
 * topic, each once ({@link Replay}). One summary line on stdout, one line per record or file that stays on stderr.
 * Exit 0: nothing left; 2: some replayed, some left; 1: something left and nothing could be replayed.
 */
public final class ReplayCommand {

    /** How {@code replay} is called (wla-bridge help replay). */
    public static final CommandSpec SPEC = new CommandSpec("replay", "replay [--job <job-id>]",
            "Re-sends the local spool and the dead letters that now pass the job's checks, without duplicates.",
            List.of("--job <job-id>        only this job (default: every job)"),
            "0 everything replayed, 2 some left, 1 nothing replayed", Set.of("job"), Set.of(), 0, 0);

    private ReplayCommand() {
    }

    public static int execute(Options options, PrintStream out, PrintStream err) throws Exception {
        String jobId = options.value("job").orElse(null);
        if (!options.arguments().isEmpty()) {
            throw new UsageException("replay takes no arguments: wla-bridge replay [--job <job-id>]");
        }
        try (BridgeMain bridge = new BridgeMain(options).start()) {
            // the replay must not race a scheduled run of the same job
            bridge.setup().trigger().pauseSchedules();
            var registry = bridge.context().getRegistry();
            JobCatalog catalog = bridge.setup().catalog();
            if (jobId != null) {
                catalog.job(jobId);
            }
            KafkaConfiguration kafka = bridge.context().getComponent("kafka", KafkaComponent.class).getConfiguration();
            Replay replay = new Replay(bridge.context(), registry.lookupByNameAndType("dataSource", DataSource.class),
                    catalog, registry.lookupByNameAndType("spool", Spool.class),
                    registry.lookupByNameAndType("recordPipeline", RecordPipeline.class),
                    registry.lookupByNameAndType("recordSender", RecordSender.class), consumerProperties(kafka), err::println);
            Replay.Result result = replay.run(jobId);
            out.println(result.summary());
            return result.exitCode();
        }
    }

    /** A consumer with the bridge's connection and security settings that commits only when told to. */
    static Properties consumerProperties(KafkaConfiguration kafka) {
        Properties props = new Properties();
        Properties producer = kafka.createProducerProperties();
        // connection and security settings only: the producer's own settings mean nothing to a consumer
        producer.forEach((k, v) -> {
            String key = k.toString();
            if (key.startsWith("security.") || key.startsWith("sasl.") || key.startsWith("ssl.")) {
                props.put(key, v);
            }
        });
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBrokers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, String.valueOf(Math.max(5_000, kafka.getMaxBlockMs())));
        return props;
    }
}
