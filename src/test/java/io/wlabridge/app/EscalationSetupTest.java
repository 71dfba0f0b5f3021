package io.wlabridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wlabridge.testing.StartupErrors;

/** A bad threshold or channel setting stops startup with one line naming the parameter or property. */
class EscalationSetupTest {

    @Test
    void negativeDeadLetterThresholdNamesTheJobAndParameter() {
        String error = StartupErrors.of(Map.of("wla.timetravel.dead-letter-threshold", "-3"));

        assertThat(error).contains("timetravel-daily").contains("parameter 'deadLetterThreshold' '-3' must be a whole number >= 0");
    }

    @Test
    void webhookThatIsNoHttpUrlNamesTheProperty() {
        String error = StartupErrors.of(Map.of("wla.escalation.webhook-url", "tickets.example.org/hook"));

        assertThat(error).startsWith("wla.escalation.webhook-url 'tickets.example.org/hook' is not an http(s) URL");
    }

    @Test
    void unknownSmtpProtocolNamesTheProperty() {
        String error = StartupErrors.of(Map.of("wla.escalation.smtp-host", "mail.example.org",
                "wla.escalation.smtp-protocol", "imap"));

        assertThat(error).startsWith("wla.escalation.smtp-protocol is 'imap' but must be smtp or smtps");
    }
}
