package io.wlabridge.ops;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobRun;

/**
 * A run failed as a whole (bean {@code escalation}): marks the run failed, writes the one ERROR line naming
 * job, run and cause, opens the job's RUN_FAILED incident, tells the job's webhook and e-mail recipients
 * ({@link IncidentChannels}) and makes the escalation event the route sends to the escalation topic. Once per run.
 */
public final class Escalation {

    /** Exchange property set to true when the run had already escalated (the route then sends nothing). */
    public static final String REPEATED = "wlaEscalationRepeated";
    /** Exchange property with the RUN_FAILED incident this escalation opened (absent when one was already open). */
    public static final String INCIDENT = "wlaIncidentId";

    private static final Logger LOG = LoggerFactory.getLogger(Escalation.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Incidents incidents;
    private final IncidentChannels channels;

    public Escalation(Incidents incidents, IncidentChannels channels) {
        this.incidents = incidents;
        this.channels = channels;
    }

    public void escalate(Exchange exchange) throws JsonProcessingException {
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        String cause = caught == null ? "unknown failure" : FailureDescription.of(caught, run == null ? null : run.job());
        String jobId = run != null ? run.jobId() : exchange.getFromRouteId();
        String runId = run != null ? run.runId() : "-";
        if (run != null && !run.fail(cause)) {
            exchange.setProperty(REPEATED, true);
            return;
        }
        if (run != null && run.dryRun()) {
            // a dry run opens no incident and produces no escalation event: its one line is all it leaves
            LOG.error("job {} dry run {} failed: {}", jobId, runId, cause);
            exchange.setProperty(REPEATED, true);
            return;
        }
        LOG.error("job {} run {} failed: {}", jobId, runId, cause);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("severity", "ERROR");
        event.put("jobId", jobId);
        event.put("runId", runId);
        event.put("cause", cause);
        event.put("errorClass", caught == null ? null : caught.getClass().getName());
        event.put("time", Instant.now().toString());
        // one open RUN_FAILED incident per job: a second failure is escalated but opens no second incident
        incidents.open(jobId, Incident.RUN_FAILED, runId, cause).ifPresent(incident -> {
            event.put("incidentId", incident.incidentId());
            exchange.setProperty(INCIDENT, incident.incidentId());
            // webhook and e-mail first: when Kafka is what failed, the escalation topic may not take the event
            channels.opened(incident);
        });
        exchange.getMessage().setHeaders(new LinkedHashMap<>());
        exchange.getMessage().setHeader(KafkaConstants.KEY, jobId);
        exchange.getMessage().setBody(JSON.writeValueAsString(event));
    }

    /** After the escalation event was delivered: records when the incident's operators were told. */
    public void delivered(Exchange exchange) {
        String incidentId = exchange.getProperty(INCIDENT, String.class);
        if (incidentId != null) {
            incidents.notified(incidentId);
        }
    }
}
