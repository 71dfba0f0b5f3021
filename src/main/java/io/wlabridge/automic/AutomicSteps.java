package io.wlabridge.automic;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.apache.camel.component.kafka.consumer.KafkaManualCommit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobCatalog;

/**
 * The steps of the {@code wla-automic-trigger} template (bean {@code automicSteps}): decode the event, start the
 * execution and record its run id, commit the offset, prepare dead letters. Events are logged by their place in
 * Kafka and their id, never with their content.
 */
public final class AutomicSteps {

    /** Exchange property with the trigger job's id, set by the template's first step. */
    public static final String JOB_PROPERTY = "wlaTriggerJob";
    /** Exchange property with the topic a dead letter goes to. */
    public static final String DEAD_LETTER_TOPIC_PROPERTY = "wlaDeadLetterTopic";
    private static final String COMMIT_PROPERTY = "wlaManualCommit";

    private static final Logger LOG = LoggerFactory.getLogger(AutomicSteps.class);

    private final TriggerCatalog catalog;
    private final EventDecoder decoder;
    private final AutomicClient client;
    private final AutomicLedger ledger;
    private final int retries;

    public AutomicSteps(TriggerCatalog catalog, EventDecoder decoder, AutomicClient client, AutomicLedger ledger, int retries) {
        this.catalog = catalog;
        this.decoder = decoder;
        this.client = client;
        this.ledger = ledger;
        this.retries = retries;
    }

    /** The Kafka value (byte[]) becomes plain maps and lists, as the filter and the inputs mapping read it. */
    public void decode(Exchange exchange) {
        exchange.getMessage().setBody(decoder.decode(exchange.getMessage().getBody(byte[].class)));
        LOG.trace("job {}: event {} decoded", jobId(exchange), where(exchange));
    }

    /** Starts the execution unless the ledger has one for this event, then records Automic's run id. */
    public void execute(Exchange exchange) {
        AutomicTrigger trigger = catalog.trigger(jobId(exchange));
        String topic = exchange.getMessage().getHeader(KafkaConstants.TOPIC, String.class);
        int partition = exchange.getMessage().getHeader(KafkaConstants.PARTITION, Integer.class);
        long offset = exchange.getMessage().getHeader(KafkaConstants.OFFSET, Long.class);
        if (ledger.started(trigger.jobId(), topic, partition, offset)) {
            LOG.info("job {}: event {} already started an execution (see wla_automic_execution); not started again",
                    trigger.jobId(), where(exchange));
            return;
        }
        Map<String, Object> inputs = trigger.inputs().inputs(exchange.getMessage().getBody());
        Long runId = client.execute(trigger.executions(),
                new AutomicClient.Execution(trigger.objectName(), trigger.alias(), inputs));
        String eventId = eventId(exchange);
        ledger.record(new AutomicLedger.Started(trigger.jobId(), topic, partition, offset,
                exchange.getMessage().getHeader(KafkaConstants.KEY, String.class), eventId, trigger.objectName(), runId,
                Instant.now()));
        if (runId == null) {
            LOG.warn("job {}: Automic accepted {} for event {} (id {}) but returned no run_id", trigger.jobId(),
                    trigger.objectName(), where(exchange), eventId);
        } else {
            LOG.info("job {}: event {} (id {}) started {} as Automic run {}", trigger.jobId(), where(exchange), eventId,
                    trigger.objectName(), runId);
        }
    }

    /** Commits the event's offset (synchronously): it was started, filtered out or dead-lettered. */
    public void commit(Exchange exchange) {
        KafkaManualCommit manual = exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT, KafkaManualCommit.class);
        if (manual == null) {
            manual = exchange.getProperty(COMMIT_PROPERTY, KafkaManualCommit.class);
        }
        if (manual != null) {
            manual.commit();
        }
        if (!exchange.getProperty("wlaSelected", true, Boolean.class)) {
            LOG.debug("job {}: event {} not selected by the filter", jobId(exchange), where(exchange));
        }
    }

    /** Automic stayed unavailable through the retries and the event waits: one line saying so. */
    public void unavailable(Exchange exchange) {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.error("job {}: event {} not started after {} retries, Automic unavailable: {} - the event is not committed"
                + " and is read again; later events of its partition wait", jobId(exchange), where(exchange), retries,
                caught == null ? "unknown" : FailureDescription.of(caught));
    }

    /**
     * The original event (value and key as consumed) for {@code <topic>.automic.dlq}: headers name the job, the
     * reason, and where the event came from; a WARN line without the value.
     */
    public void prepareDeadLetter(Exchange exchange) {
        String jobId = jobId(exchange);
        AutomicTrigger trigger = catalog.trigger(jobId);
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = caught == null ? "unknown" : FailureDescription.of(caught);
        String where = where(exchange);
        String eventId = eventId(exchange);
        Object key = exchange.getMessage().getHeader(KafkaConstants.KEY);
        exchange.setProperty(COMMIT_PROPERTY, exchange.getMessage().getHeader(KafkaConstants.MANUAL_COMMIT));
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put(KafkaConstants.KEY, key == null ? null : key.toString());
        headers.put("wla.job.id", jobId);
        headers.put("wla.error.class", caught == null ? "unknown" : caught.getClass().getName());
        headers.put("wla.error.message", reason);
        headers.put("wla.source", where);
        if (eventId != null) {
            headers.put("wla.event.id", eventId);
        }
        exchange.getMessage().setHeaders(headers);
        exchange.setProperty(DEAD_LETTER_TOPIC_PROPERTY, trigger.deadLetterTopic());
        LOG.warn("job {}: event {} dead-lettered to {}: {}", jobId, where, trigger.deadLetterTopic(), reason);
    }

    private static String jobId(Exchange exchange) {
        String jobId = exchange.getProperty(JOB_PROPERTY, String.class);
        if (jobId == null) {
            throw new IllegalStateException("no trigger job on the exchange: route " + exchange.getFromRouteId()
                    + " must use the " + AutomicTrigger.TEMPLATE_ID + " template");
        }
        return jobId;
    }

    /** topic-partition@offset of the event, as Kafka tools print it. */
    private static String where(Exchange exchange) {
        return exchange.getMessage().getHeader(KafkaConstants.TOPIC) + "-"
                + exchange.getMessage().getHeader(KafkaConstants.PARTITION) + "@"
                + exchange.getMessage().getHeader(KafkaConstants.OFFSET);
    }

    /** The event's id: CloudEvents ce_id, else the bridge's wla.event.id header, else its key. */
    private static String eventId(Exchange exchange) {
        for (String header : new String[] {"ce_id", "wla.event.id"}) {
            Object value = exchange.getMessage().getHeader(header);
            if (value instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8);
            }
            if (value != null) {
                return value.toString();
            }
        }
        return exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
    }
}
