package io.wlabridge.ops;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.function.Consumer;

import javax.sql.DataSource;

import org.apache.avro.generic.GenericRecord;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobSteps;
import io.wlabridge.job.RowMapper;
import io.wlabridge.job.SentLedger;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * What {@code replay} does: re-sends the spooled records and, after revalidation, the dead-lettered ones to their
 * job's topic, each once.
 * <ul>
 * <li>Spool: per file and batch of 1,000, the entries whose event id is not in {@code wla_sent} yet are recorded
 * there (one open transaction per batch) and produced exactly as spooled (topic, key, headers, value bytes); once Kafka
 * has acknowledged them all the transaction commits; once every batch has, the file is deleted. A rerun of the job
 * or a second replay then sends none of them. Dead letters in the spool (no event id) go to their topic as they are.</li>
 * <li>Dead letters: {@code <topic>.dlq} is read from the replay's committed offsets (consumer group
 * {@code wla-bridge-replay.<job-id>}); each original row is mapped, checked by the job's rule and serialised against
 * the job's schema again. Rows that now fit are recorded and produced like spooled ones; rows that still do not fit
 * stay (and are reported). Offsets are committed after Kafka's acknowledgement and the ledger commit, up to the first
 * row of each partition that stayed, so that row is read again next time.</li>
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

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    /** Records per ledger transaction and Kafka flush, as the job's chunks. */
    private static final int BATCH = 1000;

    private final CamelContext context;
    private final DataSource dataSource;
    private final JobCatalog catalog;
    private final Spool spool;
    private final RegistryAvroDataFormat avro;
    private final Properties producerProperties;
    private final Properties consumerProperties;
    private final Consumer<String> problems;

    private long spooled;
    private long deadLetters;
    private long replayed;
    private long alreadySent;
    private long droppedByRule;
    private long left;

    public Replay(CamelContext context, DataSource dataSource, JobCatalog catalog, Spool spool, RegistryAvroDataFormat avro,
            Properties producerProperties, Properties consumerProperties, Consumer<String> problems) {
        this.context = context;
        this.dataSource = dataSource;
        this.catalog = catalog;
        this.spool = spool;
        this.avro = avro;
        this.producerProperties = producerProperties;
        this.consumerProperties = consumerProperties;
        this.problems = problems;
    }

    /** Replays one job's spool files and dead letters, or (jobId null) every job's. */
    public Result run(String jobId) throws IOException {
        List<JobDefinition> jobs = jobId == null ? List.copyOf(catalog.jobs()) : List.of(catalog.job(jobId));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties)) {
            for (Path file : spool.files(jobId)) {
                replaySpoolFile(producer, file);
            }
            for (JobDefinition job : jobs) {
                replayDeadLetters(producer, job);
            }
        }
        return new Result(spooled, deadLetters, replayed, alreadySent, droppedByRule, left);
    }

    /**
     * Replays one spool file a batch at a time (one ledger transaction each); deletes it once every batch is
     * acknowledged. A batch that fails leaves the file: the next replay skips the batches sent before (wla_sent).
     */
    private void replaySpoolFile(KafkaProducer<String, byte[]> producer, Path file) throws IOException {
        String runId = SpoolFile.runId(file);
        long entries = 0;
        boolean damagedTail;
        try (SpoolFile.Reader reader = new SpoolFile.Reader(file)) {
            for (List<SpoolFile.Entry> batch = reader.next(BATCH); !batch.isEmpty(); batch = reader.next(BATCH)) {
                entries += batch.size();
                spooled += batch.size();
                List<Outgoing> outgoing = new ArrayList<>(batch.size());
                for (SpoolFile.Entry entry : batch) {
                    RecordHeaders headers = new RecordHeaders();
                    entry.headers().forEach(headers::add);
                    outgoing.add(new Outgoing(entry.jobId(), entry.eventId(),
                            new ProducerRecord<>(entry.topic(), null, entry.key(), entry.value(), headers)));
                }
                if (!send(producer, runId, outgoing, "spool file " + file)) {
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

    private void replayDeadLetters(KafkaProducer<String, byte[]> producer, JobDefinition job) {
        String dlq = job.deadLetterTopic();
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.put("group.id", "wla-bridge-replay." + job.jobId());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props)) {
            List<PartitionInfo> infos = consumer.listTopics().get(dlq);
            if (infos == null || infos.isEmpty()) {
                return;
            }
            List<TopicPartition> partitions = infos.stream().map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(new java.util.HashSet<>(partitions));
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
            String replayId = java.util.UUID.randomUUID().toString();
            Revalidation revalidation = new Revalidation(job);
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
                        Outgoing valid = revalidation.apply(record.value());
                        if (valid == null) {
                            droppedByRule++;
                        } else {
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
                if (!send(producer, replayId, outgoing, "dead letters of " + dlq)) {
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
     * Records the events in wla_sent (those already there are skipped), produces the new ones and commits once Kafka
     * has acknowledged every one; false (and the transaction rolled back) when it could not.
     */
    private boolean send(KafkaProducer<String, byte[]> producer, String runId, List<Outgoing> outgoing, String what) {
        if (outgoing.isEmpty()) {
            return true;
        }
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Map<String, List<Outgoing>> byJob = new java.util.LinkedHashMap<>();
                outgoing.forEach(o -> byJob.computeIfAbsent(o.jobId(), k -> new ArrayList<>()).add(o));
                List<Future<RecordMetadata>> acks = new ArrayList<>();
                long fresh = 0;
                for (Map.Entry<String, List<Outgoing>> job : byJob.entrySet()) {
                    // dead letters from the spool have no event id: they are not events the ledger records
                    for (Outgoing deadLetter : job.getValue().stream().filter(o -> o.eventId() == null).toList()) {
                        acks.add(producer.send(deadLetter.record()));
                        fresh++;
                    }
                    List<Outgoing> list = job.getValue().stream().filter(o -> o.eventId() != null).toList();
                    if (list.isEmpty()) {
                        continue;
                    }
                    boolean[] isNew = SentLedger.recordIfAbsent(connection, job.getKey(), runId,
                            list.get(0).record().topic(), list.stream().map(Outgoing::eventId).toList());
                    for (int i = 0; i < list.size(); i++) {
                        if (isNew[i]) {
                            acks.add(producer.send(list.get(i).record()));
                            fresh++;
                        }
                    }
                }
                producer.flush();
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                connection.commit();
                replayed += fresh;
                alreadySent += outgoing.size() - fresh;
                return true;
            } catch (SQLException | RuntimeException | ExecutionException e) {
                connection.rollback();
                problems.accept(what + " not replayed: " + FailureDescription.of(e) + " - nothing of it counts as sent;"
                        + " replay again once Kafka and the database are reachable");
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                connection.rollback();
                return false;
            }
        } catch (SQLException e) {
            problems.accept(what + " not replayed: " + FailureDescription.of(e));
            return false;
        }
    }

    private record Outgoing(String jobId, String eventId, ProducerRecord<String, byte[]> record) {
    }

    /** A dead letter's original row through the job's mapping, rule and schema again. */
    private final class Revalidation {
        private final JobDefinition job;
        private final RowMapper mapper;
        private final Predicate rule;
        private boolean schemaResolved;

        Revalidation(JobDefinition job) {
            this.job = job;
            this.mapper = catalog.mapper(job.jobId());
            this.rule = context.resolveLanguage("simple").createPredicate(catalog.rule(job.jobId()));
        }

        /** The record to produce, or null when the rule does not select the row; throws when it still does not fit. */
        Outgoing apply(String json) throws Exception {
            Map<String, Object> row = JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
            Map<String, Object> fields = mapper.toFields(row);
            Exchange exchange = new DefaultExchange(context);
            exchange.setProperty("wlaRunDate", LocalDate.now(catalog.zone(job.jobId())));
            exchange.getMessage().setBody(fields);
            if (!rule.matches(exchange)) {
                return null;
            }
            GenericRecord record = mapper.toRecord(fields);
            if (!schemaResolved) {
                avro.resolveSchemaId(job.topic(), job.schema());
                schemaResolved = true;
            }
            exchange.setProperty(RegistryAvroDataFormat.TOPIC_PROPERTY, job.topic());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
            avro.marshal(exchange, record, bytes);
            String eventId = RowMapper.eventId(row, job.idColumns());
            Object key = RowMapper.column(row, job.keyColumn());
            RecordHeaders headers = new RecordHeaders();
            headers.add(JobSteps.EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8));
            LOG.debug("job {}: dead letter {} fits now", job.jobId(), eventId);
            return new Outgoing(job.jobId(), eventId, new ProducerRecord<>(job.topic(), null,
                    key == null ? null : key.toString(), bytes.toByteArray(), headers));
        }
    }
}
