package io.wlabridge.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.wlabridge.job.EscalationSpec;
import io.wlabridge.job.JobCatalog;

/**
 * The channels beyond the log and the escalation topic that hear of a job's incidents: the ticket system's webhook
 * (a JSON POST, retried with backoff) and e-mail (camel-mail over SMTP), each where configured, globally
 * (wla.escalation.*) or per job (template parameters escalationWebhook, escalationMail). The first channel that
 * delivers the opening of an incident sets its notified_at.
 */
public final class IncidentChannels {

    /** How the webhook is called: its URL, optional bearer token, retries and backoff. */
    public record Webhook(String url, String token, int retries, Duration backoff, Duration timeout) {
    }

    /** How e-mail is sent: camel-mail endpoint (smtp://host:port, credentials on the component), sender, recipients. */
    public record Mail(String endpoint, String from, List<String> to) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(IncidentChannels.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CamelContext context;
    private final JobCatalog catalog;
    private final Incidents incidents;
    private final Webhook webhook;
    private final Mail mail;
    private final String linkUrl;
    private final HttpClient http;
    private ProducerTemplate producer;

    public IncidentChannels(CamelContext context, JobCatalog catalog, Incidents incidents, Webhook webhook, Mail mail,
            String linkUrl) {
        this.context = context;
        this.catalog = catalog;
        this.incidents = incidents;
        this.webhook = webhook;
        this.mail = mail;
        this.linkUrl = linkUrl;
        // HTTP/1.1: to a plain-http receiver the JDK's default (HTTP/2) sends Upgrade: h2c, which some proxies reject
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(webhook.timeout()).build();
    }

    /** The event (IncidentNotice's shape) of {@code incident}, or of a failed run when no incident could be recorded. */
    public Map<String, Object> notice(String event, String jobId, String cause, Incident incident, String runId,
            String error, String errorClass, String resolvedByRunId) {
        return IncidentNotice.of(event, jobId, cause, incident, runId, error, errorClass, resolvedByRunId, linkUrl);
    }

    /** An incident was opened: tells the job's webhook and mail recipients {@code notice}; notified_at once one has it. */
    public void opened(Incident incident, Map<String, Object> notice) {
        if (notify(incident, notice)) {
            incidents.notified(incident.incidentId());
        }
    }

    /** A run resolved the incident: says so on the same channels; resolution_notified_at once one has it. */
    public void resolved(Incident incident, Map<String, Object> notice) {
        if (notify(incident, notice)) {
            incidents.resolutionNotified(incident.incidentId());
        }
    }

    private boolean notify(Incident incident, Map<String, Object> notice) {
        boolean told = false;
        String url = webhookUrl(incident.jobId());
        if (url != null) {
            told |= post(url, notice, incident);
        }
        List<String> to = mailTo(incident.jobId());
        if (mail.endpoint() != null && !to.isEmpty()) {
            told |= mail(to, notice, incident);
        }
        return told;
    }

    private String webhookUrl(String jobId) {
        String perJob = catalog.escalation(jobId).webhookUrl();
        if (EscalationSpec.NONE.equals(perJob)) {
            return null;
        }
        return perJob != null ? perJob : webhook.url();
    }

    private List<String> mailTo(String jobId) {
        EscalationSpec spec = catalog.escalation(jobId);
        return spec.mailDefault() ? mail.to() : spec.mailTo();
    }

    /** POSTs the notice; retries network errors and 408/429/5xx with doubling backoff. True once the receiver took it. */
    private boolean post(String url, Map<String, Object> notice, Incident incident) {
        String body = json(notice);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(webhook.timeout())
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (!webhook.token().isEmpty()) {
            request.header("Authorization", "Bearer " + webhook.token());
        }
        String what = Boolean.TRUE.equals(notice.get("resolved")) ? "resolution" : "opening";
        int attempts = webhook.retries() + 1;
        long wait = webhook.backoff().toMillis();
        String last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                if (!pause(wait)) {
                    break;
                }
                wait *= 2;
            }
            boolean retry;
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    LOG.info("job {}: incident {} {} {} sent to webhook {}: attempt {} of {} answered HTTP {}",
                            incident.jobId(), incident.cause(), incident.incidentId(), what, host(url), attempt,
                            attempts, status);
                    return true;
                }
                last = "HTTP " + status;
                retry = status == 408 || status == 429 || status >= 500;
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
                retry = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                retry = false;
            }
            if (retry && attempt < attempts) {
                LOG.warn("job {}: incident {} {} {} to webhook {}: attempt {} of {} failed: {}; next attempt in {} ms",
                        incident.jobId(), incident.cause(), incident.incidentId(), what, host(url), attempt, attempts,
                        last, wait);
            } else {
                LOG.warn("job {}: incident {} {} {} to webhook {}: attempt {} of {} failed: {}", incident.jobId(),
                        incident.cause(), incident.incidentId(), what, host(url), attempt, attempts, last);
                break;
            }
        }
        LOG.warn("job {}: incident {} {} {} not delivered to webhook {}: {} - check wla.escalation.webhook-url (or the"
                + " job's escalationWebhook) and that the ticket system is reachable", incident.jobId(), incident.cause(),
                incident.incidentId(), what, host(url), last);
        return false;
    }

    private boolean mail(List<String> to, Map<String, Object> notice, Incident incident) {
        boolean resolved = Boolean.TRUE.equals(notice.get("resolved"));
        String subject = "[wla-bridge] " + (resolved ? "RESOLVED " : "") + incident.cause() + " job " + incident.jobId();
        StringBuilder text = new StringBuilder();
        notice.forEach((k, v) -> text.append(k).append(": ").append(v).append('\n'));
        try {
            Exchange sent = producer().send(mail.endpoint(), exchange -> {
                exchange.getMessage().setHeader("From", mail.from());
                exchange.getMessage().setHeader("To", String.join(",", to));
                exchange.getMessage().setHeader("Subject", subject);
                exchange.getMessage().setHeader("Content-Type", "text/plain; charset=UTF-8");
                exchange.getMessage().setBody(text.toString());
            });
            if (sent.getException() != null) {
                throw sent.getException();
            }
            LOG.info("job {}: incident {} {} {} by e-mail to {} recipient(s)", incident.jobId(), incident.cause(),
                    incident.incidentId(), resolved ? "resolution sent" : "sent", to.size());
            return true;
        } catch (Exception e) {
            LOG.warn("job {}: incident {} {} not delivered by e-mail: {} - check wla.escalation.smtp-host, -port and"
                    + " the SMTP credentials", incident.jobId(), incident.cause(), incident.incidentId(),
                    io.wlabridge.job.FailureDescription.of(e));
            return false;
        }
    }

    // made on first use: the bridge binds its beans before the Camel context has started
    private synchronized ProducerTemplate producer() {
        if (producer == null) {
            producer = context.createProducerTemplate();
        }
        return producer;
    }

    private static boolean pause(long millis) {
        try {
            Thread.sleep(millis); // backoff between webhook retries
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Scheme, host and port only: a webhook URL may carry a secret in its path or query. */
    private static String host(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort());
    }

    private static String json(Map<String, Object> notice) {
        try {
            return JSON.writeValueAsString(notice);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
