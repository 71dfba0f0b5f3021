package io.wlabridge.job;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run's way to Kafka: drops events already sent, produces the rest with their dead letters, and records them as
 * sent. The route's thread drops the sent ones and hands each chunk over; a sender thread produces and commits, in
 * chunk order, while the route prepares the next chunks (at most {@value #SENDER_QUEUE} ahead); a writer thread
 * records committed chunks in {@code wla_sent_chunk}, a row each. No step waits for a database round trip per record.
 * <ul>
 * <li>{@link DeliveryGuarantee#EXACTLY_ONCE}: one transactional producer per job ({@code transactional.id}
 * {@code <prefix>.<job-id>}: starting it fences any older instance of the job and aborts what that left open).
 * Every {@code wla.delivery.transaction-records} records, the events, their dead letters and per chunk a ledger
 * record naming the events ({@link LedgerTopic}) commit in one Kafka transaction; wla_sent_chunk follows from the
 * ledger.</li>
 * <li>{@link DeliveryGuarantee#AT_LEAST_ONCE}: an idempotent producer; a batch is recorded in wla_sent_chunk once Kafka
 * acknowledged all of it. A crash between the two sends the batch again on the rerun (header wla.event.id tells).</li>
 * </ul>
 * Already sent: the job's {@link SentIndex}, built at open, answers "certainly new" for almost every event; its hits
 * are looked up exactly: in the chunks handed over but not yet recorded, then in the recorded chunks whose own filter
 * holds them (see SentIndex).
 * Kafka failing: the open transaction's records and every later one go to the spool and the run fails.
 */
public final class SendSession implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SendSession.class);
    /**
     * Committed batches waiting for wla_sent_chunk at most: beyond that the sender waits for the database, so memory stays
     * bounded (each holds its event ids) whatever the database's pace.
     */
    private static final int WRITER_QUEUE = 2;
    /** Chunks handed to the sender and not yet sent at most: the route waits beyond that. */
    private static final int SENDER_QUEUE = 4;

    private final JobRun run;
    private final JobDefinition job;
    private final DeliveryGuarantee guarantee;
    private final KafkaProducer<String, byte[]> producer;
    private final LedgerTopic ledgerTopic;
    private final SentLedger ledger;
    private final RecordSpool spool;
    private final int transactionRecords;
    private final boolean oauthBearer;
    private final SentIndex maybeSent;
    /**
     * Event ids handed to the sender, a list per chunk, until wla_sent_chunk records them (or they were spooled): with
     * wla_sent_chunk, what the exact check looks at. The writer removes a chunk's list once its database commit is done.
     */
    private final java.util.concurrent.ConcurrentLinkedDeque<List<String>> unrecorded =
            new java.util.concurrent.ConcurrentLinkedDeque<>();
    /** Sends to Kafka and commits, in the order the chunks come, while the route prepares the next chunks. */
    private final ThreadPoolExecutor sender;
    private final AtomicReference<Throwable> senderFailure = new AtomicReference<>();
    private volatile boolean closing;
    /** Records wla_sent_chunk in order, after Kafka committed. */
    private final ThreadPoolExecutor writer;
    private final AtomicReference<Exception> writeFailure = new AtomicReference<>();
    private final AtomicReference<Exception> sendFailure = new AtomicReference<>();

    // the sender thread's alone
    private final List<Outgoing> open = new ArrayList<>();
    private final List<SentLedger.SentChunk> openBatches = new ArrayList<>();
    private Future<RecordMetadata> lastLedgerRecord;
    private boolean inTransaction;
    private boolean closed;
    // the route thread's alone: the number of the next chunk with events (its key in the ledger topic and wla_sent_chunk)
    private long chunks;

    /**
     * Opens the job's producer (exactly-once: initialises its transactions, fencing older instances), records in
     * wla_sent_chunk what the ledger topic holds beyond it, and loads the already-sent filter. With Kafka unreachable and a
     * spool, the session spools every record (the run then fails); without a spool it throws.
     */
    SendSession(JobRun run, DeliveryGuarantee guarantee, Properties producerProperties, Properties consumerProperties,
            LedgerTopic ledgerTopic, SentLedger ledger, RecordSpool spool, int transactionRecords,
            KafkaUnreachableException kafkaDown) {
        this.run = run;
        this.job = run.job();
        this.guarantee = guarantee;
        this.ledgerTopic = ledgerTopic;
        this.ledger = ledger;
        this.spool = spool;
        this.transactionRecords = transactionRecords;
        this.oauthBearer = FailureDescription.oauthBearer(producerProperties);
        // exactly-once: where the reconciliation starts is read before the filter loads, so each ledger record is in
        // the filter either way: recorded in wla_sent_chunk before the load (so the load reads its ids), or at or after that
        // position (so the reconciliation hands its ids over). Read after the load, as before, a record another
        // instance's writer recorded in between (a run that replay fenced, still writing) was in neither.
        long reconcileFrom = guarantee == DeliveryGuarantee.EXACTLY_ONCE && kafkaDown == null
                ? ledgerPosition(ledger, job.jobId()) : -1;
        // the already-sent filter loads (a database read of every id the job recorded) while Kafka's part of the
        // opening goes on; ids the reconciliation records meanwhile are added to it below, whether or not the load saw them
        java.util.concurrent.CompletableFuture<SentIndex> filterLoad = new java.util.concurrent.CompletableFuture<>();
        Thread loader = new Thread(() -> {
            try {
                filterLoad.complete(ledger.index(job.jobId()));
            } catch (Throwable e) {
                filterLoad.completeExceptionally(e);
            }
        }, "wla-sent-filter-" + job.jobId());
        loader.setDaemon(true);
        loader.start();
        // as hashes: a reconciliation after a killed run may record a whole run's ids
        List<String> reconciledKeys = new ArrayList<>();
        List<long[]> reconciled = new ArrayList<>();
        KafkaProducer<String, byte[]> opened = null;
        try {
            if (kafkaDown == null) {
                opened = producer(producerProperties);
                if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                    initTransactions(opened);
                    ledgerTopic.reconcile(job.jobId(), consumerProperties, ledger, chunk -> {
                        reconciledKeys.add(chunk.key());
                        reconciled.add(chunk.eventIds().stream().mapToLong(SentFilter::hash).toArray());
                    }, reconcileFrom);
                }
            } else {
                kafkaUnreachable(kafkaDown);
            }
        } catch (KafkaUnreachableException e) {
            if (opened != null) {
                opened.close(Duration.ZERO);
                opened = null;
            }
            kafkaUnreachable(e);
        } catch (SQLException | RuntimeException e) {
            if (opened != null) {
                opened.close(Duration.ZERO);
            }
            if (e instanceof SQLException sql) {
                throw new IllegalStateException("job " + job.jobId() + ": cannot read the sent ledger (wla_sent_chunk): "
                        + sql.getMessage() + " - check the job database", sql);
            }
            throw (RuntimeException) e;
        }
        this.producer = opened;
        try {
            this.maybeSent = filterLoad.get();
            for (int i = 0; i < reconciled.size(); i++) {
                maybeSent.addChunk(reconciledKeys.get(i), reconciled.get(i), true);
            }
        } catch (ExecutionException | InterruptedException e) {
            if (producer != null) {
                producer.close(Duration.ZERO);
            }
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("job " + job.jobId() + ": cannot read the sent ledger (wla_sent_chunk): "
                    + cause.getMessage() + " - check the job database", cause);
        }
        this.writer = singleThread("wla-sent-ledger-" + job.jobId(), WRITER_QUEUE);
        this.sender = singleThread("wla-send-" + job.jobId(), SENDER_QUEUE);
    }

    private static long ledgerPosition(SentLedger ledger, String jobId) {
        try {
            return ledger.position(jobId);
        } catch (SQLException e) {
            throw new IllegalStateException("job " + jobId + ": cannot read the sent ledger (wla_ledger_position): "
                    + e.getMessage() + " - check the job database", e);
        }
    }

    /** One thread, a bounded queue; a full queue makes the caller wait: bounded memory, the order kept. */
    private static ThreadPoolExecutor singleThread(String name, int queue) {
        return new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(queue),
                r -> {
                    Thread t = new Thread(r, name);
                    t.setDaemon(true);
                    return t;
                },
                (task, executor) -> {
                    try {
                        executor.getQueue().put(task);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.RejectedExecutionException("interrupted", e);
                    }
                });
    }

    private KafkaProducer<String, byte[]> producer(Properties producerProperties) {
        Properties props = new Properties();
        props.putAll(producerProperties);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, RecordSender.transactionalId(props, job.jobId()));
        }
        props.remove(RecordSender.PREFIX_PROPERTY);
        return new KafkaProducer<>(props);
    }

    /** Kafka cannot be reached: with a spool, every record of the run goes there; without, the caller is told. */
    private void kafkaUnreachable(KafkaUnreachableException e) {
        if (spool == null) {
            throw e;
        }
        run.kafkaFailed(FailureDescription.of(e));
        LOG.warn("job {} run {}: {}; the run's records go to the spool", job.jobId(), run.runId(), FailureDescription.of(e));
    }

    private void initTransactions(KafkaProducer<String, byte[]> producer) {
        try {
            producer.initTransactions();
        } catch (UnsupportedVersionException | AuthorizationException e) {
            throw new IllegalStateException("job " + job.jobId() + ": Kafka refuses transactions (" + e.getMessage()
                    + ") - the cluster or the principal does not support them (Azure Event Hubs: Premium or Dedicated tier"
                    + " only); grant the transactional id or set wla.delivery.guarantee=at-least-once", e);
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new KafkaUnreachableException("job " + job.jobId() + ": Kafka's transaction coordinator did not answer ("
                    + e.getMessage() + ") - check wla.kafka.bootstrap-servers and that Kafka is reachable (a single-broker"
                    + " cluster needs transaction.state.log.replication.factor=1 and transaction.state.log.min.isr=1)", e);
        }
    }

    /**
     * Hands one chunk's records (already-sent ones dropped) and dead letters to the sender, which commits when the
     * transaction is full; a failure of the sender (fenced, Kafka and no spool) is thrown here or by {@link #finish}.
     */
    public void send(List<Outgoing> records, List<Outgoing> deadLetters) throws IOException {
        rethrowSenderFailure();
        long[] hashes = new long[records.size()];
        for (int i = 0; i < hashes.length; i++) {
            hashes[i] = SentFilter.hash(records.get(i).eventId());
        }
        List<Outgoing> fresh = dropSent(records, hashes);
        if (fresh.isEmpty() && deadLetters.isEmpty()) {
            return;
        }
        List<String> ids = new ArrayList<>(fresh.size());
        for (Outgoing record : fresh) {
            ids.add(record.eventId());
        }
        long chunk = -1;
        if (!ids.isEmpty()) {
            unrecorded.add(ids);
            chunk = chunks++;
            // where a later hit on one of these ids is looked for once the chunk is recorded (with no hit in the
            // chunk, the fresh records are all of them, in order, and their hashes are those computed above)
            long[] freshHashes = fresh.size() == records.size() ? hashes
                    : ids.stream().mapToLong(SentFilter::hash).toArray();
            maybeSent.addChunk(LedgerTopic.chunkKey(run.runId(), chunk), freshHashes);
        }
        long number = chunk;
        sender.execute(() -> {
            if (closing || senderFailure.get() != null) {
                return;
            }
            try {
                transmit(fresh, ids, number, deadLetters);
            } catch (Throwable e) {
                senderFailure.compareAndSet(null, e);
            }
        });
    }

    private void rethrowSenderFailure() throws IOException {
        Throwable failed = senderFailure.get();
        if (failed instanceof IOException io) {
            throw io;
        }
        if (failed instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failed != null) {
            throw new IllegalStateException("job " + job.jobId() + ": sending failed: " + failed, failed);
        }
    }

    /** On the sender thread: the chunk into the open transaction (or, Kafka having failed, the spool). */
    private void transmit(List<Outgoing> fresh, List<String> ids, long chunk, List<Outgoing> deadLetters) throws IOException {
        if (run.spooling()) {
            unrecorded.removeIf(batch -> batch == ids);
            List<Outgoing> all = new ArrayList<>(deadLetters);
            all.addAll(fresh);
            toSpool(all);
            return;
        }
        open.addAll(fresh);
        open.addAll(deadLetters);
        byte[] ledgerValue = null;
        try {
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && !inTransaction) {
                producer.beginTransaction();
                inTransaction = true;
            }
            for (Outgoing record : fresh) {
                producer.send(record.record(), this::sent);
            }
            for (Outgoing deadLetter : deadLetters) {
                producer.send(deadLetter.record(), this::sent);
            }
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && !ids.isEmpty()) {
                ProducerRecord<String, byte[]> ledgerRecord = ledgerTopic.record(run.runId(), chunk, job.topic(), ids);
                ledgerValue = ledgerRecord.value();
                lastLedgerRecord = producer.send(ledgerRecord, this::sent);
            }
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw fenced(e);
        } catch (KafkaException e) {
            sendFailure.compareAndSet(null, e);
        }
        if (!ids.isEmpty()) {
            // the row in wla_sent_chunk holds the ledger record's bytes (at-least-once: encoded by the writer)
            openBatches.add(new SentLedger.SentChunk(LedgerTopic.chunkKey(run.runId(), chunk), run.runId(), job.topic(),
                    ids, ledgerValue));
        }
        if (open.size() >= transactionRecords || sendFailure.get() != null) {
            commit();
        }
    }

    private void sent(RecordMetadata metadata, Exception e) {
        if (e != null) {
            sendFailure.compareAndSet(null, e);
        }
    }

    /** Commits what is open and waits until wla_sent_chunk records everything this session sent. */
    public void finish() throws IOException {
        try {
            sender.submit(() -> {
                if (!open.isEmpty() && senderFailure.get() == null) {
                    try {
                        commit();
                    } catch (Throwable e) {
                        senderFailure.compareAndSet(null, e);
                    }
                }
            }).get();
        } catch (ExecutionException e) {
            senderFailure.compareAndSet(null, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("job " + job.jobId() + ": interrupted while committing", e);
        }
        rethrowSenderFailure();
        drainWriter();
        if (maybeSent.lookupsOutOfOrder()) {
            LOG.warn("job {} run {}: {} chunk row(s) of wla_sent_chunk read to find the rows sent before: the job's query"
                    + " reads its rows in another order than the run that sent them - give it an ORDER BY (docs/jobs.md),"
                    + " or a rerun of a large day stays slow", job.jobId(), run.runId(), maybeSent.rowsRead());
        }
        Exception failed = writeFailure.get();
        if (failed != null) {
            throw new IllegalStateException("job " + job.jobId() + ": the events are on Kafka but the sent ledger (wla_sent_chunk)"
                    + " could not record them: " + FailureDescription.of(failed)
                    + (guarantee == DeliveryGuarantee.EXACTLY_ONCE ? " - the next run records them from the ledger topic "
                            + ledgerTopic.name() : " - a rerun sends them again (at-least-once)"), failed);
        }
    }

    private void commit() throws IOException {
        List<Outgoing> records = new ArrayList<>(open);
        List<SentLedger.SentChunk> batches = new ArrayList<>(openBatches);
        int ids = 0;
        for (SentLedger.SentChunk batch : batches) {
            ids += batch.eventIds().size();
        }
        open.clear();
        openBatches.clear();
        long ledgerOffset = -1;
        try {
            CrashPoint.reached("before-kafka-commit");
            if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
                if (sendFailure.get() != null) {
                    throw new KafkaException(sendFailure.get());
                }
                producer.commitTransaction();
                inTransaction = false;
                if (lastLedgerRecord != null) {
                    ledgerOffset = lastLedgerRecord.get().offset();
                    lastLedgerRecord = null;
                }
            } else {
                producer.flush();
                if (sendFailure.get() != null) {
                    throw new KafkaException(sendFailure.get());
                }
            }
        } catch (ProducerFencedException | InvalidProducerEpochException e) {
            throw fenced(e);
        } catch (KafkaException | ExecutionException e) {
            Exception cause = sendFailure.get() != null ? sendFailure.get() : e;
            abort();
            unrecorded.removeIf(batch -> batches.stream().anyMatch(b -> b.eventIds() == batch));
            failIfNotTransient(cause);
            run.kafkaFailed(FailureDescription.of(cause));
            LOG.warn("job {} run {}: Kafka did not take the records ({}); spooling the run's records", job.jobId(),
                    run.runId(), FailureDescription.of(cause));
            toSpool(records);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("job " + job.jobId() + ": interrupted while committing", e);
        }
        run.countSent(ids);
        CrashPoint.reached("after-kafka-commit");
        if (!batches.isEmpty()) {
            long offset = ledgerOffset;
            writer.execute(() -> {
                try {
                    ledger.record(job.jobId(), batches, offset);
                    unrecorded.removeIf(batch -> batches.stream().anyMatch(b -> b.eventIds() == batch));
                } catch (SQLException | RuntimeException e) {
                    // the batch stays unrecorded: sent, though wla_sent_chunk does not say so, so this run does not send it again
                    writeFailure.compareAndSet(null, e);
                }
            });
        }
    }

    private void abort() {
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE && inTransaction) {
            inTransaction = false;
            try {
                producer.abortTransaction();
            } catch (RuntimeException e) {
                LOG.debug("job {}: abort failed: {}", job.jobId(), e.getMessage());
            }
        }
    }

    private void toSpool(List<Outgoing> records) throws IOException {
        if (spool == null) {
            throw new IllegalStateException("job " + job.jobId() + ": Kafka did not take the records (" + run.kafkaFailure() + ")");
        }
        if (!records.isEmpty()) {
            spool.spool(run, records);
        }
    }

    /**
     * Kafka refusing for good is no outage to wait out in the spool: another instance took over (fenced), or the login
     * or the write is refused; the run fails with what to do.
     */
    private void failIfNotTransient(Throwable cause) {
        for (Throwable t = cause; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) {
                throw fenced((KafkaException) t);
            }
            if (t instanceof org.apache.kafka.common.errors.AuthenticationException) {
                throw new IllegalStateException("job " + job.jobId() + ": Kafka refused the login: " + t.getMessage()
                        + FailureDescription.kafkaLoginHint(oauthBearer), t);
            }
            if (t instanceof AuthorizationException) {
                throw new IllegalStateException("job " + job.jobId() + ": Kafka refused the records: " + t.getMessage()
                        + " - check the Kafka security settings and grant WRITE on " + job.topic() + ", " + job.deadLetterTopic()
                        + (guarantee == DeliveryGuarantee.EXACTLY_ONCE ? ", " + ledgerTopic.name()
                                + " and the transactional id" : ""), t);
            }
        }
    }

    private IllegalStateException fenced(KafkaException e) {
        inTransaction = false;
        return new IllegalStateException("job " + job.jobId() + ": another instance of the job took over (transactional.id "
                + "fenced: " + e.getMessage() + ") - this run stops and nothing of its open transaction becomes visible;"
                + " make sure the job runs on one instance at a time", e);
    }

    /**
     * The records whose event ids were not sent before (by any run or replay, or earlier in this run), in row order.
     * The filter answers "certainly new" for almost every id; a hit is looked for in this chunk, in the batches not
     * yet recorded, then in wla_sent_chunk and wla_sent.
     */
    private List<Outgoing> dropSent(List<Outgoing> records, long[] hashes) {
        boolean[] seen = new boolean[hashes.length];
        maybeSent.add(hashes, seen);
        List<Outgoing> fresh = new ArrayList<>(records.size());
        List<Outgoing> hits = null;
        for (int i = 0; i < seen.length; i++) {
            Outgoing record = records.get(i);
            if (seen[i]) {
                if (hits == null) {
                    hits = new ArrayList<>();
                }
                hits.add(record);
            } else {
                fresh.add(record);
            }
        }
        if (hits != null) {
            fresh = withNewHits(records, fresh, hits);
        }
        run.countAlreadySent(records.size() - fresh.size());
        return fresh;
    }

    private List<Outgoing> withNewHits(List<Outgoing> records, List<Outgoing> fresh, List<Outgoing> hits) {
        // hits are rare (a few in 10,000 ids, or a rerun's every id): looked up one by one, no set of all pending ids
        Set<String> inChunk = new HashSet<>();
        for (Outgoing record : fresh) {
            inChunk.add(record.eventId());
        }
        List<String> lookup = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (Outgoing record : hits) {
            String id = record.eventId();
            if (inChunk.contains(id) || unrecorded(id)) {
                sent.add(id);
            } else {
                lookup.add(id);
            }
        }
        sent.addAll(recorded(lookup));
        Set<Outgoing> accepted = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        accepted.addAll(fresh);
        for (Outgoing record : hits) {
            // a false hit is new; a second row with its id (in this chunk) is not
            if (sent.add(record.eventId())) {
                accepted.add(record);
            }
        }
        List<Outgoing> ordered = new ArrayList<>(accepted.size());
        for (Outgoing record : records) {
            if (accepted.remove(record)) {
                ordered.add(record);
            }
        }
        return ordered;
    }

    /** Whether the id was handed to the sender and wla_sent_chunk does not hold it yet. */
    private boolean unrecorded(String id) {
        for (List<String> batch : unrecorded) {
            if (batch.contains(id)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Which of the ids are recorded (the index: wla_sent_chunk, wla_sent), asked on this thread: an id in no unrecorded
     * batch (looked at before) is either new or its chunk's row is committed, since the writer lets go of a batch only
     * after its commit.
     */
    private Set<String> recorded(List<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        try {
            return maybeSent.recorded(ids);
        } catch (SQLException e) {
            throw new IllegalStateException("job " + job.jobId() + ": cannot read the sent ledger (wla_sent_chunk): "
                    + e.getMessage() + " - check the job database", e);
        }
    }

    private void drainWriter() {
        try {
            writer.submit(() -> { }).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("job " + job.jobId() + ": interrupted", e);
        }
    }

    /** Aborts what is open (a failed run), lets the writer finish what Kafka committed, closes the producer. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closing = true;
        sender.shutdown();
        try {
            sender.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        abort();
        open.clear();
        writer.shutdown();
        try {
            writer.awaitTermination(1, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (producer != null) {
            producer.close(run.spooling() ? Duration.ZERO : Duration.ofSeconds(30));
        }
    }
}
