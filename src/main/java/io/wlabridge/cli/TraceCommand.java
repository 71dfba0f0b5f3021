package io.wlabridge.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import io.wlabridge.job.SentLedger;
import io.wlabridge.kafka.ClientProperties;
import io.wlabridge.ops.RunLedger;
import io.wlabridge.ops.Trace;

/** {@code trace <topic>:<partition>@<offset>} or {@code trace --event-id <id>}: where a Kafka record came from. */
public final class TraceCommand {

    /** How {@code trace} is called (wla-bridge help trace). */
    public static final CommandSpec SPEC = new CommandSpec("trace", "trace <topic>:<partition>@<offset> | trace --event-id <id>",
            "Where a record came from: job, run (trigger, start, outcome), source row, when it was sent, by replay or not."
                    + "\nReads the record's headers (committed records only) and the ledgers wla_sent_chunk (wla_sent: ids of earlier versions) and wla_run.",
            List.of("--event-id <id>       look the event up in the sent ledger instead of reading a record"),
            "0 found, 1 not found or cannot read", Set.of("event-id"), Set.of(), 0, 1);

    private static final Pattern LOCATION = Pattern.compile("(.+):(\\d+)@(\\d+)");

    private TraceCommand() {
    }

    public static int execute(Options options, PrintStream out) throws Exception {
        String eventId = options.value("event-id").orElse(null);
        Matcher location = options.arguments().isEmpty() ? null : LOCATION.matcher(options.arguments().get(0));
        if ((eventId == null) == (location == null)) {
            throw new UsageException("trace: give one of <topic>:<partition>@<offset> or --event-id <id>");
        }
        if (location != null && !location.matches()) {
            throw new UsageException("trace: '" + options.arguments().get(0) + "' is not <topic>:<partition>@<offset>,"
                    + " e.g. acc.timetravel.deviations:0@42");
        }
        try (BridgeMain bridge = new BridgeMain(options).start()) {
            bridge.setup().trigger().pauseSchedules();
            DataSource dataSource = bridge.context().getRegistry().lookupByNameAndType("dataSource", DataSource.class);
            Trace trace = new Trace(bridge.setup().catalog(), new SentLedger(dataSource), new RunLedger(dataSource));
            List<String> lines;
            if (eventId != null) {
                lines = trace.ofEvent(eventId);
                if (lines.isEmpty()) {
                    System.err.println("wla-bridge: trace: no job recorded event '" + eventId + "' in the sent ledger (wla_sent_chunk, wla_sent)");
                    return 1;
                }
            } else {
                TopicPartition partition = new TopicPartition(location.group(1), Integer.parseInt(location.group(2)));
                long offset = Long.parseLong(location.group(3));
                ConsumerRecord<String, byte[]> record = read(bridge, partition, offset);
                if (record == null) {
                    System.err.println("wla-bridge: trace: no committed record at " + options.arguments().get(0)
                            + " (past the end, deleted by retention, an aborted record or a transaction marker)");
                    return 1;
                }
                lines = trace.of(record);
            }
            lines.forEach(out::println);
            return 0;
        }
    }

    private static ConsumerRecord<String, byte[]> read(BridgeMain bridge, TopicPartition partition, long offset) {
        Properties props = ClientProperties.consumer(bridge.context(), "wla-trace");
        props.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seek(partition, offset);
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    return record.offset() == offset ? record : null;
                }
            }
            return null;
        }
    }
}
