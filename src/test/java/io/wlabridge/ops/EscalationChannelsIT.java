package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;

import ch.qos.logback.classic.Level;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.SchemaRegistry;
import io.wlabridge.testing.WebhookReceiver;
import jakarta.mail.internet.MimeMessage;

/**
 * Incidents reach the job's channels (a real HTTP receiver as the ticket system, GreenMail as a real SMTP server, the
 * escalation topic, the log) and so do their resolutions; the webhook is retried; dead letters above the job's
 * threshold open one incident.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class EscalationChannelsIT {

    private static final String JOB = JobFixture.JOB;
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobFixture job;
    private WebhookReceiver tickets;
    private GreenMail smtp;

    @BeforeEach
    void freshSchemaTopicsReceiverAndMailServer() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        tickets = new WebhookReceiver();
        smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
        smtp.start();
    }

    @AfterEach
    void close() {
        tickets.close();
        smtp.stop();
    }

    @Test
    void webhookIsRetriedWithBackoffUntilTheTicketSystemTakesItAndEachAttemptIsLogged() throws Exception {
        tickets.answer(503, 503);

        JobRun failed;
        try (LogCapture logs = new LogCapture()) {
            failed = job.run(settings(registryDown()));
            String incident = "incident RUN_FAILED " + tickets.calls().get(0).body().get("incidentId").asText() + " opening";
            assertThat(logs.lines(Level.WARN)).filteredOn(l -> l.contains("webhook")).containsExactly(
                    "job " + JOB + ": " + incident + " to webhook " + host() + ": attempt 1 of 5 failed: HTTP 503; next attempt in 50 ms",
                    "job " + JOB + ": " + incident + " to webhook " + host() + ": attempt 2 of 5 failed: HTTP 503; next attempt in 100 ms");
            assertThat(logs.lines(Level.INFO)).contains(
                    "job " + JOB + ": " + incident + " sent to webhook " + host() + ": attempt 3 of 5 answered HTTP 200");
        }

        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        List<WebhookReceiver.Call> calls = tickets.calls();
        assertThat(calls).hasSize(3).allSatisfy(call -> {
            assertThat(call.method()).isEqualTo("POST");
            assertThat(call.body().get("cause").asText()).isEqualTo("RUN_FAILED");
            assertThat(call.body().get("runId").asText()).isEqualTo(failed.runId());
            // HTTP/1.1 to a plain-http receiver: no h2c upgrade, which some proxies reject
            assertThat(call.headers()).doesNotContainKeys("upgrade", "http2-settings");
        });
        assertThat(calls).extracting(call -> call.body().get("incidentId").asText()).containsOnly(
                calls.get(0).body().get("incidentId").asText());
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident WHERE run_id = '" + failed.runId()
                + "' AND notified_at >= opened_at")).isEqualTo(1);
    }

    @Test
    void aFailedRunIsToldOnEveryChannelAndTheNextSuccessResolvesItOnTheSameChannels() throws Exception {
        JobRun failed;
        try (LogCapture logs = new LogCapture()) {
            failed = job.run(settings(registryDown()));
            String incidentId = tickets.calls().get(0).body().get("incidentId").asText();
            assertThat(logs.lines(Level.ERROR)).anyMatch(line -> line.startsWith("job " + JOB + " run " + failed.runId()
                    + " failed (incident " + incidentId + " opened): ") && line.contains("wla.registry.url"));
        }
        assertThat(failed.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(tickets.calls()).hasSize(1);
        JsonNode ticket = tickets.calls().get(0).body();
        assertThat(ticket.get("event").asText()).isEqualTo("opened");
        assertThat(ticket.get("cause").asText()).isEqualTo("RUN_FAILED");
        assertThat(ticket.get("openedByRunId").asText()).isEqualTo(failed.runId());
        assertThat(ticket.get("resolvedByRunId").isNull()).isTrue();
        assertThat(ticket.get("error").asText()).contains("wla.registry.url");
        assertThat(smtp.waitForIncomingEmail(10_000, 1)).isTrue();
        MimeMessage opened = smtp.getReceivedMessages()[0];
        assertThat(opened.getSubject()).isEqualTo("[wla-bridge] RUN_FAILED job " + JOB);
        assertThat(opened.getAllRecipients()[0].toString()).isEqualTo("ops@example.org");
        assertThat(opened.getFrom()[0].toString()).isEqualTo("bridge@example.org");
        assertThat(GreenMailUtil.getBody(opened)).contains("runId: " + failed.runId()).contains("severity: ERROR");

        JobRun success = job.run(settings(Map.of()));

        assertThat(success.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(tickets.calls()).hasSize(2);
        JsonNode resolved = tickets.calls().get(1).body();
        assertThat(resolved.get("resolved").asBoolean()).isTrue();
        assertThat(resolved.get("severity").asText()).isEqualTo("INFO");
        assertThat(resolved.get("event").asText()).isEqualTo("resolved");
        assertThat(resolved.get("resolvedByRunId").asText()).isEqualTo(success.runId());
        assertThat(resolved.get("runId").asText()).isEqualTo(success.runId());
        assertThat(resolved.get("openedByRunId").asText()).isEqualTo(failed.runId());
        assertThat(resolved.get("cause").asText()).isEqualTo("RUN_FAILED");
        assertThat(resolved.get("incidentId").asText()).isEqualTo(ticket.get("incidentId").asText());
        assertThat(smtp.waitForIncomingEmail(10_000, 2)).isTrue();
        assertThat(smtp.getReceivedMessages()[1].getSubject()).isEqualTo("[wla-bridge] RESOLVED RUN_FAILED job " + JOB);
        // the escalation topic carries the very same events as the webhook: one shape, same meanings
        assertThat(events()).containsExactly(ticket, resolved);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident WHERE resolved_by = '" + success.runId()
                + "' AND notified_at IS NOT NULL AND resolution_notified_at >= resolved_at")).isEqualTo(1);
    }

    @Test
    void aFailureWhileTheIncidentIsOpenJoinsItSaysSoAndOpensNoSecondTicket() throws Exception {
        JobRun first = job.run(settings(registryDown()));
        JobRun second;
        try (LogCapture logs = new LogCapture()) {
            second = job.run(settings(registryDown()));
            String incidentId = tickets.calls().get(0).body().get("incidentId").asText();
            assertThat(logs.lines(Level.ERROR)).anyMatch(line -> line.startsWith("job " + JOB + " run " + second.runId()
                    + " failed (joins incident " + incidentId + ", open since ") && line.contains("opened by run " + first.runId()));
        }
        assertThat(tickets.calls()).hasSize(1);
        List<JsonNode> events = events();
        assertThat(events).extracting(e -> e.get("event").asText()).containsExactly("opened", "repeated");
        JsonNode repeated = events.get(1);
        assertThat(repeated.get("incidentId").asText()).isEqualTo(tickets.calls().get(0).body().get("incidentId").asText());
        assertThat(repeated.get("runId").asText()).isEqualTo(second.runId());
        assertThat(repeated.get("openedByRunId").asText()).isEqualTo(first.runId());
        assertThat(repeated.get("cause").asText()).isEqualTo("RUN_FAILED");
        assertThat(repeated.get("error").asText()).contains("wla.registry.url");
        assertThat(repeated.fieldNames()).toIterable().containsExactlyElementsOf(() -> events.get(0).fieldNames());
    }

    @Test
    void deadLettersAboveTheThresholdOpenOneIncidentUntilARunWithinItResolvesIt() throws Exception {
        job.row("GARBLED", "kaputt", JobFixture.TT.plusDays(1).toString());
        job.row("NULLDATE", JobFixture.TT.toString(), null);
        Map<String, String> threshold = settings(Map.of("wla.timetravel.dead-letter-threshold", "1"));

        JobRun first = job.run(threshold);
        JobRun second = job.run(threshold);

        assertThat(first.outcome()).isEqualTo(RunOutcome.SUCCEEDED_WITH_DEAD_LETTERS);
        assertThat(first.deadLettered()).isEqualTo(2);
        assertThat(second.deadLettered()).isEqualTo(2);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident WHERE cause = 'DEAD_LETTERS' AND run_id = '"
                + first.runId() + "' AND resolved_at IS NULL AND notified_at IS NOT NULL")).isEqualTo(1);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident")).isEqualTo(1);
        assertThat(tickets.calls()).hasSize(1);
        JsonNode ticket = tickets.calls().get(0).body();
        assertThat(ticket.get("cause").asText()).isEqualTo("DEAD_LETTERS");
        assertThat(ticket.get("detail").asText()).contains("dead-lettered 2 record(s)").contains("deadLetterThreshold 1")
                .contains(job.topic + ".dlq");

        job.db.execute("DELETE FROM timetravel_mapping WHERE system_id = 'GARBLED'");
        JobRun within = job.run(threshold);

        assertThat(within.deadLettered()).isEqualTo(1);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_incident WHERE resolved_by = '" + within.runId() + "'"))
                .isEqualTo(1);
        assertThat(tickets.calls()).hasSize(2);
        assertThat(tickets.calls().get(1).body().get("resolved").asBoolean()).isTrue();
        assertThat(tickets.calls().get(1).body().get("cause").asText()).isEqualTo("DEAD_LETTERS");
    }

    private Map<String, String> settings(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of(
                "wla.escalation.webhook-url", tickets.url(),
                "wla.escalation.webhook-backoff-ms", "50",
                "wla.escalation.mail-to", "ops@example.org",
                "wla.escalation.mail-from", "bridge@example.org",
                "wla.escalation.smtp-host", "127.0.0.1",
                "wla.escalation.smtp-port", String.valueOf(smtp.getSmtp().getPort())));
        settings.putAll(extra);
        return settings;
    }

    /** The webhook as the log names it: scheme, host and port, never the path. */
    private String host() {
        return tickets.url().replace("/tickets", "");
    }

    private static Map<String, String> registryDown() throws IOException {
        return Map.of("wla.registry.url", "http://127.0.0.1:" + JobFixture.closedPort(), "wla.registry.retries", "0");
    }

    private List<JsonNode> events() throws IOException {
        List<JsonNode> events = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : job.read(job.escalations)) {
            events.add(JSON.readTree(record.value()));
        }
        return events;
    }
}
