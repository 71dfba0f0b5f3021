package io.wlabridge.ops;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.camel.Exchange;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.JobRun;
import io.wlabridge.job.Outgoing;
import io.wlabridge.job.RecordSpool;

/**
 * The local durable spool (bean {@code spool}): when Kafka itself cannot take a run's records (the producer's
 * retries up to wla.kafka.delivery-timeout-ms exhausted, the transaction aborted), the records of the open
 * transaction and of every later chunk of the run go to the run's spool file ({@link SpoolFile}) instead, fsync'd;
 * nothing spooled counts as sent. After the last chunk the run fails and escalates.
 * <p>
 * Spool and ledger agree like this: an event is recorded in {@code wla_sent_chunk} only once Kafka has committed it,
 * whoever sent it. {@code replay} sends spooled records through the job's own send session (the same transactional
 * producer, already-sent check and ledger as a run), so a rerun skips what {@code replay} sent and {@code replay}
 * skips what a rerun sent: a spooled record reaches the topic once, by whichever comes first.
 */
public final class Spool implements SpoolWaiting, RecordSpool {

    private static final Logger LOG = LoggerFactory.getLogger(Spool.class);

    private final Path dir;

    public Spool(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The records go to the run's spool file, forced to disk; nothing of them counts as sent. */
    @Override
    public void spool(JobRun run, List<Outgoing> records) throws IOException {
        Path file = SpoolFile.path(dir, run.jobId(), run.runId());
        if (run.spooled() == 0) {
            LOG.warn("job {} run {}: spooling the run's records to {}", run.jobId(), run.runId(), file);
        }
        List<SpoolFile.Entry> entries = new ArrayList<>(records.size());
        for (Outgoing record : records) {
            Map<String, byte[]> headers = new LinkedHashMap<>();
            for (Header header : record.record().headers()) {
                headers.put(header.key(), header.value());
            }
            entries.add(new SpoolFile.Entry(run.jobId(), record.eventId(), record.record().topic(), record.record().key(),
                    headers, record.record().value()));
        }
        SpoolFile.append(file, entries);
        run.countSpooled(entries.size());
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

    /** A run whose records went to the spool: it fails and escalates like any run Kafka failed. */
    public static final class RecordsSpooledException extends RuntimeException {
        public RecordsSpooledException(String message) {
            super(message);
        }
    }
}
