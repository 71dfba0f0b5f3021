package io.wlabridge.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

import javax.sql.DataSource;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.Outgoing;
import io.wlabridge.job.RecordBuilder;
import io.wlabridge.job.RecordPipeline;
import io.wlabridge.job.RecordSender;
import io.wlabridge.job.SendSession;

/**
 * What {@code replay} does: re-sends the spooled records and, after revalidation, the dead-lettered ones to their
 * job's topic, each once. It sends through the job's own send session ({@link RecordSender}): the same producer
 * (exactly-once: the job's transactional.id, so a replay and a run of the job never write at the same time), the
 * same already-sent check and the same sent ledger as a run, so whichever of a rerun and a replay comes first sends a
 * record, and the other finds it sent.
 * <ul>
 * <li>Spool: each file is sent as it was spooled (topic, key, headers, value bytes), dead letters in it to their
 * topic; once committed, the file is deleted. A file that fails stays for the next replay.</li>
 * <li>Dead letters: {@code <topic>.dlq} is read (committed records) from the replay's committed offsets (consumer
 * group {@code wla-bridge-replay.<job-id>}); each original row goes through the job's record pipeline again
 * ({@link RecordBuilder}: mapping, rule with the run date of the run that rejected it, key strategy, CloudEvents
 * headers, schema). Rows that now fit are sent; rows that still do not fit stay (and are reported). Offsets are
 * committed after the send committed, up to the first row of each partition that stayed.</li>
 * </ul>
 */
public final class Replay {

    /** What a replay did. {@code left}: spooled or dead-lettered records still waiting. */
    public record Result(long spooled, long deadLetters, long replayed, long alreadySent, long droppedByRule, long left) {

        public String summary() {
            return "replay spooled=" + spooled + " dead-letters=" + deadLetters + " replayed=" + replayed + " already-sent="
                    + alreadySent + " dropped-by-rule=" + droppedByRule + " left=" + left;
        }

        /** 0: nothing left; 2: some replayed, some left; 1: something left and nothing could be replayed. */
        public int exitCode() {
            return left == 0 ? 0 : replayed > 0 ? 2 : 1;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    /** Spool entries read at a time. */
    private static final int BATCH = 1000;

    private final CamelContext context;
    private final DataSource dataSource;
    private final JobCatalog catalog;
    private final Spool spool;
    private final RecordPipeline pipeline;
    private final RecordSender sender;
    private final Properties consumerProperties;
    private final Consumer<String> problems;

    private long spooled;
    private long deadLetters;
    private long replayed;
    private long alreadySent;
    private long droppedByRule;
    private long left;

    public Replay(CamelContext context, DataSource dataSource, JobCatalog catalog, Spool spool, RecordPipeline pipeline,
            RecordSender sender, Properties consumerProperties, Consumer<String> problems) {
        this.context = context;
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.spool = spool;
        this.pipeline = pipeline;
        this.sender = sender;
        this.consumerProperties = consumerProperties;
        this.problems = problems;
    }

    /** Replays one job's spool files and dead letters, or (jobId null) every job's. */
    public Result run(String jobId) throws IOException {
        List<JobDefinition> jobs = jobId == null ? List.copyOf(catalog.jobs()) : List.of(catalog.job(jobId));
        for (JobDefinition job : jobs) {
            try (Sending sending = new Sending(job)) {
                for (Path file : spool.files(job.jobId())) {
                    replaySpoolFile(sending, file);
                }
                replayDeadLetters(sending);
            }
        }
        return new Result(spooled, deadLetters, replayed, alreadySent, droppedByRule, left);
    }

    /**
     * The job's send session, opened when there is something to send, not before (opening it fences a run of the job
     * in progress); one replay "run" whose id the sent ledger records.
     */
    private final class Sending implements AutoCloseable {
        final JobDefinition job;
        final JobRun run;
        SendSession session;
        boolean failed;

        Sending(JobDefinition job) {
            this.job = job;
            this.run = new JobRun(job, "replay", LocalDate.now(catalog.zone(job.jobId())));
        }

        /** Sends and commits; false (reported) when Kafka or the database failed: nothing of it counts as sent. */
        boolean send(List<Outgoing> records, List<Outgoing> letters, String what) {
            if (failed) {
                return false;
            }
            long sentBefore = run.sent();
            long alreadyBefore = run.alreadySent();
            try {
                if (session == null) {
                    session = sender.open(run, null);
                }
                session.send(records, letters);
                session.finish();
            } catch (IOException | RuntimeException e) {
                failed = true;
                problems.accept(what + " not replayed: " + FailureDescription.of(e) + " - nothing of it counts as sent;"
                        + " replay again once Kafka and the database are reachable");
                return false;
            }
            replayed += run.sent() - sentBefore + letters.size();
            alreadySent += run.alreadySent() - alreadyBefore;
            return true;
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }

    /** Replays one spool file; deletes it once all of it is committed. A file that fails stays for the next replay. */
    private void replaySpoolFile(Sending sending, Path file) throws IOException {
        long entries = 0;
        boolean damagedTail;
        try (SpoolFile.Reader reader = new SpoolFile.Reader(file)) {
            for (List<SpoolFile.Entry> batch = reader.next(BATCH); !batch.isEmpty(); batch = reader.next(BATCH)) {
                entries += batch.size();
                spooled += batch.size();
                List<Outgoing> records = new ArrayList<>(batch.size());
                List<Outgoing> letters = new ArrayList<>();
                for (SpoolFile.Entry entry : batch) {
                    RecordHeaders headers = new RecordHeaders();
                    entry.headers().forEach(headers::add);
                    headers.remove(RecordBuilder.REPLAY_HEADER);
                    headers.add(RecordBuilder.REPLAY_HEADER, "spool".getBytes(StandardCharsets.UTF_8));
                    Outgoing outgoing = new Outgoing(entry.jobId(), entry.eventId(),
                            new ProducerRecord<>(entry.topic(), null, entry.key(), entry.value(), headers));
                    (outgoing.deadLetter() ? letters : records).add(outgoing);
                }
                if (!sending.send(records, letters, "spool file " + file)) {
                    left += batch.size();
                    // what follows stays too: count it, but try no further batch while Kafka or the database fails
                    for (List<SpoolFile.Entry> rest = reader.next(BATCH); !rest.isEmpty(); rest = reader.next(BATCH)) {
                        spooled += rest.size();
                        left += rest.size();
                    }
                    return;
                }
            }
            damagedTail = reader.damagedTail();
        } catch (IOException e) {
            left++;
            problems.accept("spool file " + file + " cannot be read: " + e.getMessage() + " - it stays");
            return;
        }
        if (damagedTail) {
            Path damaged = file.resolveSibling(file.getFileName() + ".damaged");
            Files.move(file, damaged, StandardCopyOption.REPLACE_EXISTING);
            left++;
            problems.accept("spool file " + file + " ends in a damaged entry (a write cut short): its " + entries
                    + " valid record(s) were replayed, the file is kept as " + damaged
                    + " - rerun the job to send what the damaged entry held");
        } else {
            Files.delete(file);
        }
    }

    private void replayDeadLetters(Sending sending) {
        JobDefinition job = sending.job;
        String dlq = job.deadLetterTopic();
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.put("group.id", "wla-bridge-replay." + job.jobId());
        props.put("isolation.level", "read_committed");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.listTopics().get(dlq);
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new HashSet<>(partitions));
            for (TopicPartition partition : partitions) {
                OffsetAndMetadata at = committed.get(partition);
                if (at == null) {
                    consumer.seekToBeginning(List.of(partition));
                } else {
                    consumer.seek(partition, at.offset());
                }
            }
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            Map<TopicPartition, Long> firstStaying = new HashMap<>();
            Map<LocalDate, RecordBuilder> builders = new HashMap<>();
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read " + dlq + " to its end within " + READ_TIMEOUT);
                }
                List<Outgoing> outgoing = new ArrayList<>();
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    TopicPartition partition = new TopicPartition(record.topic(), record.partition());
                    if (record.offset() >= end.get(partition)) {
                        continue;
                    }
                    deadLetters++;
                    try {
                        LocalDate runDate = runDate(record, job);
                        RecordBuilder builder = builders.computeIfAbsent(runDate,
                                date -> pipeline.builder(context, job, sending.run.runId(), date));
                        Outgoing valid = builder.build(JSON.readValue(record.value(), new TypeReference<Map<String, Object>>() { }));
                        if (valid == null) {
                            droppedByRule++;
                        } else {
                            valid.record().headers().add(RecordBuilder.REPLAY_HEADER,
                                    "dead-letter".getBytes(StandardCharsets.UTF_8));
                            outgoing.add(valid);
                        }
                    } catch (Exception e) {
                        left++;
                        firstStaying.merge(partition, record.offset(), Math::min);
                        problems.accept("dead letter " + dlq + "/" + record.partition() + "@" + record.offset()
                                + " (job " + job.jobId() + ") still does not fit: " + FailureDescription.of(e) + " - it stays");
                    }
                }
                // a poll's worth at a time, so a long dead-letter topic need not fit in memory
                if (!outgoing.isEmpty() && !sending.send(outgoing, List.of(), "dead letters of " + dlq)) {
                    left += outgoing.size();
                    for (TopicPartition partition : partitions) {
                        left += Math.max(0, end.get(partition) - consumer.position(partition));
                    }
                    return;
                }
            }
            Map<TopicPartition, OffsetAndMetadata> commit = new HashMap<>();
            for (TopicPartition partition : partitions) {
                commit.put(partition, new OffsetAndMetadata(firstStaying.getOrDefault(partition, end.get(partition))));
            }
            consumer.commitSync(commit);
        } catch (RuntimeException e) {
            left++;
            problems.accept("dead letters of " + dlq + " (job " + job.jobId() + ") not replayed: "
                    + FailureDescription.of(e));
        }
    }

    /**
     * The run date of the run that rejected the row, so the rule judges it as it would have then: the dead letter's
     * wla.run.date header, else its run's date in the run ledger, else today.
     */
    private LocalDate runDate(ConsumerRecord<String, String> record, JobDefinition job) {
        String date = header(record, RecordBuilder.RUN_DATE_HEADER);
        if (date != null) {
            try {
                return LocalDate.parse(date);
            } catch (DateTimeParseException e) {
                // fall through to the run ledger
            }
        }
        String runId = header(record, "wla.run.id");
        if (runId != null) {
            try (Connection connection = dataSource.getConnection();
                    PreparedStatement query = connection.prepareStatement("SELECT run_date FROM wla_run WHERE run_id = ?")) {
                query.setString(1, runId);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return rs.getDate(1).toLocalDate();
                    }
                }
            } catch (SQLException e) {
                throw new IllegalStateException("cannot read the run ledger (wla_run): " + e.getMessage(), e);
            }
        }
        return LocalDate.now(catalog.zone(job.jobId()));
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
