package io.wlabridge.job;

import java.io.IOException;
import java.io.PrintStream;
import java.sql.SQLException;
import java.util.Properties;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send steps of the {@code wla-job} template (bean {@code recordSender}): {@link #open} starts the run's
 * {@link SendSession}, {@link #send} hands it each chunk, {@link #commit} commits the rest. Replay opens sessions here
 * too, so the job and replay send and record the same way.
 */
public final class RecordSender {

    /** Exchange property with the run's SendSession. */
    public static final String SESSION_PROPERTY = "wlaSendSession";
    /** Producer property (removed before the producer sees it) carrying wla.delivery.transactional-id-prefix. */
    static final String PREFIX_PROPERTY = "wla.transactional-id-prefix";

    private static final Logger LOG = LoggerFactory.getLogger(RecordSender.class);

    private final DeliveryGuarantee guarantee;
    private final Properties producerProperties;
    private final Properties consumerProperties;
    private final Properties adminProperties;
    private final SentLedger ledger;
    private final RecordSpool spool;
    private final int transactionRecords;
    private final String prefix;
    private final long ledgerRetentionMs;
    /** Where a dry run prints its events; null for a real run. */
    private volatile PrintStream dryRun;

    /**
     * @param producerProperties brokers and security of the bridge's Kafka connection, producer settings included
     * @param consumerProperties the same connection for reading the ledger topic
     * @param adminProperties    the same connection for creating the ledger topic
     */
    public RecordSender(DeliveryGuarantee guarantee, Properties producerProperties, Properties consumerProperties,
            Properties adminProperties, SentLedger ledger, RecordSpool spool, int transactionRecords, String prefix,
            long ledgerRetentionMs) {
        this.guarantee = guarantee;
        this.producerProperties = producerProperties;
        this.consumerProperties = consumerProperties;
        this.adminProperties = adminProperties;
        this.ledger = ledger;
        this.spool = spool;
        this.transactionRecords = transactionRecords;
        this.prefix = prefix;
        this.ledgerRetentionMs = ledgerRetentionMs;
    }

    public DeliveryGuarantee guarantee() {
        return guarantee;
    }

    /** The job's transactional.id. */
    public String transactionalId(String jobId) {
        return prefix + "." + jobId;
    }

    static String transactionalId(Properties props, String jobId) {
        return props.getProperty(PREFIX_PROPERTY, "wla-bridge") + "." + jobId;
    }

    /** The job's ledger topic. */
    public LedgerTopic ledgerTopic(String jobId) {
        return new LedgerTopic(prefix, jobId);
    }

    /** From now on runs send nothing and record nothing: each event they would send is printed to {@code out}. */
    public void dryRun(PrintStream out) {
        this.dryRun = out;
    }

    /** Template step: opens the run's session; it is closed when the run ends, whatever happens. */
    public void open(Exchange exchange) {
        JobRun run = JobSteps.run(exchange);
        PrintStream printTo = dryRun;
        if (printTo != null) {
            DryRunSession session = new DryRunSession(run, ledger, printTo);
            exchange.setProperty(SESSION_PROPERTY, session);
            run.onEnd(session);
            return;
        }
        SendSession session = open(run, spool);
        exchange.setProperty(SESSION_PROPERTY, session);
        run.onEnd(session);
    }

    /**
     * A session for a run of the job (exactly-once: fences older instances of the job and reconciles its ledger).
     * @param spool where records go when Kafka cannot take them, or null to fail instead
     */
    public SendSession open(JobRun run, RecordSpool spool) {
        JobDefinition job = run.job();
        LedgerTopic ledgerTopic = ledgerTopic(job.jobId());
        KafkaUnreachableException kafkaDown = null;
        if (guarantee == DeliveryGuarantee.EXACTLY_ONCE) {
            try {
                ledgerTopic.createIfMissing(adminProperties, job.topicSpec().replicationFactor(), ledgerRetentionMs);
            } catch (KafkaUnreachableException e) {
                kafkaDown = e;
            }
        }
        Properties props = new Properties();
        props.putAll(producerProperties);
        props.put(PREFIX_PROPERTY, prefix);
        SendSession session = new SendSession(run, guarantee, props, consumerProperties, ledgerTopic, ledger, spool,
                transactionRecords, kafkaDown);
        LOG.debug("job {} run {}: sending {}", job.jobId(), run.runId(), guarantee.text());
        return session;
    }

    /** Template step send: the chunk's records and dead letters to Kafka (or, Kafka failing, to the spool). */
    public void send(Exchange exchange) throws Exception {
        Chunk chunk = exchange.getMessage().getBody(Chunk.class);
        if (exchange.getProperty(SESSION_PROPERTY) instanceof DryRunSession dry) {
            dry.send(chunk);
            return;
        }
        session(exchange).send(chunk.records(), chunk.deadLetters());
    }

    /** Template step commit, after the last chunk: commits the rest and waits until wla_sent_chunk has recorded it. */
    public void commit(Exchange exchange) throws IOException {
        if (exchange.getProperty(SESSION_PROPERTY) instanceof DryRunSession) {
            return;
        }
        session(exchange).finish();
        forgetExpired(JobSteps.run(exchange));
    }

    /**
     * After a run's events are recorded: the job's ids older than wla.delivery.sent-retention-days are deleted. Its
     * events are on Kafka and recorded by then, so a database failing here is logged, not the run's failure.
     */
    private void forgetExpired(JobRun run) {
        if (ledger.retentionDays() == 0) {
            return;
        }
        try {
            int forgotten = ledger.forgetExpired(run.jobId());
            if (forgotten > 0) {
                LOG.info("job {} run {}: {} event ids sent more than {} days ago forgotten (wla.delivery.sent-retention-days)",
                        run.jobId(), run.runId(), forgotten, ledger.retentionDays());
            }
        } catch (SQLException e) {
            LOG.warn("job {} run {}: cannot delete event ids older than {} days from wla_sent_chunk and wla_sent ({}); the next successful"
                    + " run tries again - check the job database", run.jobId(), run.runId(), ledger.retentionDays(),
                    e.getMessage());
        }
    }

    private static SendSession session(Exchange exchange) {
        SendSession session = exchange.getProperty(SESSION_PROPERTY, SendSession.class);
        if (session == null) {
            throw new IllegalStateException("no send session on exchange " + exchange.getExchangeId()
                    + ": the route must run the recordSender 'open' step first");
        }
        return session;
    }
}
