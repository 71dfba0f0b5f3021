package io.wlabridge.ops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.SentLedger;

/**
 * The local durable spool (bean {@code wlaSpool}): when Kafka itself cannot take a chunk (a Kafka exception from the
 * produce step, after the producer's own retries up to wla.kafka.delivery-timeout-ms), that chunk and every later
 * chunk of the run go to the run's spool file ({@link SpoolFile}) instead, fsync'd; the chunk's sent-ledger
 * transaction is rolled back, so nothing spooled counts as sent. After the last chunk the run fails and escalates.
 * <p>
 * Spool and ledger agree like this: an event is recorded in {@code wla_sent} only once Kafka has acknowledged it,
 * whoever sent it. {@code replay} sends a spooled record only if its event id is not in {@code wla_sent} yet and
 * records it there (in the transaction committed after Kafka's acknowledgement); a rerun of the job skips what
 * {@code replay} sent, and {@code replay} skips what a rerun sent. So a rerun still sends exactly what was missing,
 * and a spooled record reaches the topic once, by whichever comes first.
 */
public final class Spool implements SpoolWaiting {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private final Path dir;
    private final SentLedger sentLedger;

    public Spool(Path dir, SentLedger sentLedger) {
        this.dir = dir;
        this.sentLedger = sentLedger;
    }

    public Path dir() {
        return dir;
    }

    /** Template step: the chunk's records go to the run's spool file, forced to disk; nothing of them counts as sent. */
    public void spool(Exchange chunk) throws IOException {
        JobRun run = chunk.getProperty(JobRun.PROPERTY, JobRun.class);
        Throwable caught = chunk.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        if (caught != null && !run.spooling()) {
            String cause = FailureDescription.of(caught);
            run.kafkaFailed(cause);
            LOG.warn("job {} run {}: Kafka did not take the records ({}); spooling the run's records to {}",
                    run.jobId(), run.runId(), cause, SpoolFile.path(dir, run.jobId(), run.runId()));
        }
        @SuppressWarnings("unchecked")
        List<Exchange> records = chunk.getMessage().getBody(List.class);
        try {
            if (records != null && !records.isEmpty()) {
                List<SpoolFile.Entry> entries = new ArrayList<>(records.size());
                for (Exchange record : records) {
                    entries.add(entry(run, record));
                }
                SpoolFile.append(SpoolFile.path(dir, run.jobId(), run.runId()), entries);
                run.countSpooled(entries.size());
            }
        } finally {
            sentLedger.release(chunk);
        }
        chunk.removeProperty(Exchange.EXCEPTION_CAUGHT);
    }

    /**
     * Dead-letter route step when Kafka cannot take the dead letter: it goes to the run's spool file (event id null:
     * a dead letter is not a sent event) and the run's later records are spooled without trying Kafka again.
     */
    public void spoolDeadLetter(Exchange deadLetter) throws IOException {
        JobRun run = deadLetter.getProperty(JobRun.PROPERTY, JobRun.class);
        Exception kafka = deadLetter.getException() != null ? deadLetter.getException()
                : deadLetter.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        if (!run.spooling()) {
            String cause = kafka == null ? "Kafka failed" : FailureDescription.of(kafka);
            run.kafkaFailed(cause);
            LOG.warn("job {} run {}: Kafka did not take a dead letter ({}); spooling the run's records to {}",
                    run.jobId(), run.runId(), cause, SpoolFile.path(dir, run.jobId(), run.runId()));
        }
        Object body = deadLetter.getMessage().getBody();
        byte[] value = body instanceof byte[] bytes ? bytes : String.valueOf(body).getBytes(StandardCharsets.UTF_8);
        SpoolFile.Entry entry = new SpoolFile.Entry(run.jobId(), null,
                deadLetter.getProperty(DeadLetters.TOPIC_PROPERTY, String.class),
                deadLetter.getMessage().getHeader(KafkaConstants.KEY, String.class), headers(deadLetter), value);
        SpoolFile.append(SpoolFile.path(dir, run.jobId(), run.runId()), List.of(entry));
        run.countSpooled(1);
    }

    /** Template step after the last chunk: a run that spooled fails (and so escalates), its spool file on disk. */
    public void failIfSpooled(Exchange exchange) {
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        if (run != null && run.spooling()) {
            throw new RecordsSpooledException("Kafka did not take the records (" + run.kafkaFailure() + "): " + run.spooled()
                    + " record(s) of the run spooled to " + SpoolFile.path(dir, run.jobId(), run.runId())
                    + " - once Kafka is back run 'wla-bridge replay --job " + run.jobId() + "' (or rerun the job)");
        }
    }

    /** The spool files waiting, oldest first, of one job or (jobId null) of all. */
    public List<Path> files(String jobId) throws IOException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> listing = Files.list(dir)) {
            return listing.filter(p -> p.getFileName().toString().endsWith(SpoolFile.SUFFIX))
                    .filter(p -> jobId == null || SpoolFile.jobId(p).equals(jobId))
                    .sorted((a, b) -> {
                        try {
                            return Files.getLastModifiedTime(a).compareTo(Files.getLastModifiedTime(b));
                        } catch (IOException e) {
                            return a.compareTo(b);
                        }
                    })
                    .toList();
        }
    }

    /** How many records of the job (null: of all jobs) wait in the spool for replay; for overviews. */
    @Override
    public long waiting(String jobId) {
        try {
            long count = 0;
            for (Path file : files(jobId)) {
                count += SpoolFile.read(file).entries().size();
            }
            return count;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read the spool " + dir + ": " + e.getMessage(), e);
        }
    }

    private static SpoolFile.Entry entry(JobRun run, Exchange record) {
        Map<String, byte[]> headers = headers(record);
        String eventId = record.getMessage().getHeader(io.wlabridge.job.JobSteps.EVENT_ID_HEADER, String.class);
        return new SpoolFile.Entry(run.jobId(), eventId, run.job().topic(),
                record.getMessage().getHeader(KafkaConstants.KEY, String.class), headers,
                record.getMessage().getBody(byte[].class));
    }

    /** The headers camel-kafka would have sent: the record's own, not Camel's or camel-kafka's control headers. */
    private static Map<String, byte[]> headers(Exchange record) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        record.getMessage().getHeaders().forEach((name, value) -> {
            if (!name.startsWith("Camel") && !name.startsWith("camel") && !name.startsWith("kafka.")
                    && !name.startsWith("org.apache.camel") && (value instanceof String || value instanceof byte[])) {
                headers.put(name, value instanceof String s ? s.getBytes(StandardCharsets.UTF_8) : (byte[]) value);
            }
        });
        return headers;
    }

    /** A run whose records went to the spool: it fails and escalates like any run Kafka failed. */
    public static final class RecordsSpooledException extends RuntimeException {
        public RecordsSpooledException(String message) {
            super(message);
        }
    }
}
