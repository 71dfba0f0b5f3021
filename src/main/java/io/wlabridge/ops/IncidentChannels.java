package io.wlabridge.ops;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
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
        this.http = HttpClient.newBuilder().connectTimeout(webhook.timeout()).build();
    }

    /** An incident was opened: tells the job's webhook and mail recipients; notified_at once one of them has it. */
    public void opened(Incident incident) {
        notify(incident, null);
    }

    /** A run resolved the incident: says so on the same channels. */
    public void resolved(Incident incident, String resolvedBy) {
        notify(incident, resolvedBy);
    }

    private void notify(Incident incident, String resolvedBy) {
        Map<String, Object> notice = notice(incident, resolvedBy);
        boolean told = false;
        String url = webhookUrl(incident.jobId());
        if (url != null) {
            told |= post(url, notice, incident);
        }
        List<String> to = mailTo(incident.jobId());
        if (mail.endpoint() != null && !to.isEmpty()) {
            told |= mail(to, notice, incident);
        }
        if (told && resolvedBy == null) {
            incidents.notified(incident.incidentId());
        }
    }

    Map<String, Object> notice(Incident incident, String resolvedBy) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("severity", resolvedBy == null ? "ERROR" : "INFO");
        notice.put("jobId", incident.jobId());
        notice.put("runId", resolvedBy == null ? incident.runId() : resolvedBy);
        notice.put("incidentId", incident.incidentId());
        notice.put("cause", incident.cause());
        notice.put("detail", incident.detail());
        notice.put("resolved", resolvedBy != null);
        if (resolvedBy != null) {
            notice.put("resolvedBy", resolvedBy);
        }
        notice.put("openedAt", incident.openedAt().toString());
        notice.put("time", Instant.now().toString());
        String run = (String) notice.get("runId");
        notice.put("link", linkUrl + "?job=" + URLEncoder.encode(incident.jobId(), StandardCharsets.UTF_8)
                + (run == null ? "" : "&run=" + URLEncoder.encode(run, StandardCharsets.UTF_8)));
        return notice;
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
        long wait = webhook.backoff().toMillis();
        String last = null;
        for (int attempt = 0; attempt <= webhook.retries(); attempt++) {
            if (attempt > 0) {
                if (!pause(wait)) {
                    break;
                }
                wait *= 2;
            }
            try {
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                int status = response.statusCode();
                if (status / 100 == 2) {
                    LOG.info("job {}: incident {} {} {} to webhook {} (HTTP {})", incident.jobId(), incident.cause(),
                            incident.incidentId(), Boolean.TRUE.equals(notice.get("resolved")) ? "resolution sent" : "sent",
                            host(url), status);
                    return true;
                }
                last = "HTTP " + status;
                if (status != 408 && status != 429 && status < 500) {
                    break;
                }
            } catch (IOException e) {
                last = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                last = "interrupted";
                break;
            }
        }
        LOG.warn("job {}: incident {} {} not delivered to webhook {}: {} - check wla.escalation.webhook-url (or the job's"
                + " escalationWebhook) and that the ticket system is reachable", incident.jobId(), incident.cause(),
                incident.incidentId(), host(url), last);
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
