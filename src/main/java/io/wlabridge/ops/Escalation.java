package io.wlabridge.ops;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobRun;

/**
 * A run failed as a whole (bean {@code escalation}): marks the run failed, opens the job's RUN_FAILED incident or
 * joins the open one, writes the one ERROR line naming job, run, incident and cause, tells the job's webhook and
 * e-mail recipients of an opened incident ({@link IncidentChannels}) and makes the escalation event
 * ({@link IncidentNotice}) the route sends to the escalation topic. Once per run.
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
        // one open RUN_FAILED incident per job: a further failure joins it, is escalated on the topic, opens nothing
        Optional<Incident> opened = incidents.open(jobId, Incident.RUN_FAILED, runId, cause);
        Incident incident = opened.orElseGet(() -> incidents.openIncident(jobId, Incident.RUN_FAILED).orElse(null));
        if (opened.isPresent()) {
            LOG.error("job {} run {} failed (incident {} opened): {}", jobId, runId, incident.incidentId(), cause);
        } else if (incident != null) {
            LOG.error("job {} run {} failed (joins incident {}, open since {}, opened by run {}): {}", jobId, runId,
                    incident.incidentId(), incident.openedAt(), incident.runId(), cause);
        } else {
            LOG.error("job {} run {} failed (no incident: wla_incident could not record it): {}", jobId, runId, cause);
        }
        Map<String, Object> event = channels.notice(opened.isPresent() ? IncidentNotice.OPENED : IncidentNotice.REPEATED,
                jobId, Incident.RUN_FAILED, incident, runId, cause, caught == null ? null : caught.getClass().getName(), null);
        if (opened.isPresent()) {
            exchange.setProperty(INCIDENT, incident.incidentId());
            // webhook and e-mail first: when Kafka is what failed, the escalation topic may not take the event
            channels.opened(incident, event);
        }
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
