package io.wlabridge.ops;

import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Tells the operators about incidents the job route does not escalate itself (a missed deadline, too many dead letters,
 * a resolution): the log line, a JSON event on the escalation topic through route {@code wla-incident-event}, and the
 * job's webhook and e-mail ({@link IncidentChannels}); records when an opened incident was notified.
 */
public final class IncidentEvents {

    /** Route that sends an incident event to the escalation topic (ops.camel.yaml). */
    public static final String ENDPOINT = "direct:wla-incident-event";
    /** Exchange property the route sets when the event could not be delivered. */
    public static final String UNDELIVERED = "wlaIncidentUndelivered";

    private static final Logger LOG = LoggerFactory.getLogger(IncidentEvents.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context;
    private final Incidents incidents;
    private final IncidentChannels channels;
    private ProducerTemplate producer;

    public IncidentEvents(CamelContext context, Incidents incidents, IncidentChannels channels) {
        this.context = context;
        this.incidents = incidents;
        this.channels = channels;
    }

    /**
     * A newly opened incident (a missed deadline, too many dead letters): one ERROR line and one event; notified_at
     * once the event is delivered.
     */
    public void opened(Incident incident) {
        LOG.error("job {}: incident {} {}: {}", incident.jobId(), incident.cause(), incident.incidentId(), incident.detail());
        Map<String, Object> event = channels.notice(IncidentNotice.OPENED, incident.jobId(), incident.cause(), incident,
                incident.runId(), null, null, null);
        if (send(incident.jobId(), event)) {
            incidents.notified(incident.incidentId());
        }
        channels.opened(incident, event);
    }

    /**
     * A successful run resolved the job's open incidents: one INFO line and one "resolved" event each;
     * resolution_notified_at once the event is delivered.
     */
    public void resolved(List<Incident> resolved, String runId) {
        for (Incident incident : resolved) {
            LOG.info("job {}: incident {} {} resolved by run {}", incident.jobId(), incident.cause(),
                    incident.incidentId(), runId);
            Map<String, Object> event = channels.notice(IncidentNotice.RESOLVED, incident.jobId(), incident.cause(),
                    incident, runId, null, null, runId);
            if (send(incident.jobId(), event)) {
                incidents.resolutionNotified(incident.incidentId());
            }
            channels.resolved(incident, event);
        }
    }

    // made on first use: the bridge binds this bean before the Camel context has started
    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }

    private boolean send(String jobId, Map<String, Object> event) {
        String body;
        try {
            body = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        Exchange sent = producer().send(ENDPOINT, exchange -> {
            exchange.getMessage().setHeader(KafkaConstants.KEY, jobId);
            exchange.getMessage().setBody(body);
        });
        return !sent.isFailed() && !sent.getProperty(UNDELIVERED, false, Boolean.class);
    }
}
