package io.wlabridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wlabridge.WlaBridge;
import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;

/** A bad threshold or channel setting stops startup with one line naming the parameter or property. */
class EscalationSetupTest {

    private static final Map<String, String> VALID = Map.of(
            "wla.datasource.url", "jdbc:h2:mem:escalation-setup",
            "wla.kafka.bootstrap-servers", "127.0.0.1:1",
            "wla.registry.url", "http://127.0.0.1:1");

    @Test
    void negativeDeadLetterThresholdNamesTheJobAndParameter() {
        String error = startupError(Map.of("wla.timetravel.dead-letter-threshold", "-3"));

        assertThat(error).contains("timetravel-daily").contains("parameter 'deadLetterThreshold' '-3' must be a whole number >= 0");
    }

    @Test
    void webhookThatIsNoHttpUrlNamesTheProperty() {
        String error = startupError(Map.of("wla.escalation.webhook-url", "tickets.example.org/hook"));

        assertThat(error).startsWith("wla.escalation.webhook-url 'tickets.example.org/hook' is not an http(s) URL");
    }

    @Test
    void unknownSmtpProtocolNamesTheProperty() {
        String error = startupError(Map.of("wla.escalation.smtp-host", "mail.example.org",
                "wla.escalation.smtp-protocol", "imap"));

        assertThat(error).startsWith("wla.escalation.smtp-protocol is 'imap' but must be smtp or smtps");
    }

    private static String startupError(Map<String, String> bad) {
        Map<String, String> settings = new java.util.HashMap<>(VALID);
        settings.putAll(bad);
        Throwable failure = catchThrowable(() -> {
            try (BridgeMain bridge = new BridgeMain(Options.parse("run").withOverrides(settings))) {
                bridge.start();
            }
        });
        assertThat(failure).as("startup must fail").isNotNull();
        String line = WlaBridge.describe(failure);
        assertThat(line).doesNotContain("\n");
        return line;
    }
}
