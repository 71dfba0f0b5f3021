package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;

/** A job's threshold and channel parameters: defaults, overrides, none, and one line naming a bad value. */
class EscalationSpecTest {

    private static final String WHERE = "routes/orders-daily.camel.yaml: job orders-daily: ";

    @Test
    void withoutParametersTheGlobalChannelsAndNoThreshold() {
        EscalationSpec spec = read(Map.of());

        assertThat(spec.deadLetterThreshold()).isEqualTo(-1);
        assertThat(spec.webhookUrl()).isNull();
        assertThat(spec.mailDefault()).isTrue();
    }

    @Test
    void aJobMayNameItsOwnChannelsOrNone() {
        EscalationSpec own = read(Map.of("deadLetterThreshold", "0", "escalationWebhook", "https://tickets.example.org/hook",
                "escalationMail", "a@example.org, b@example.org"));
        EscalationSpec none = read(Map.of("deadLetterThreshold", "none", "escalationWebhook", "none", "escalationMail", "none"));

        assertThat(own.deadLetterThreshold()).isZero();
        assertThat(own.webhookUrl()).isEqualTo("https://tickets.example.org/hook");
        assertThat(own.mailTo()).containsExactly("a@example.org", "b@example.org");
        assertThat(own.mailDefault()).isFalse();
        assertThat(none.deadLetterThreshold()).isEqualTo(-1);
        assertThat(none.webhookUrl()).isEqualTo(EscalationSpec.NONE);
        assertThat(none.mailTo()).isEmpty();
        assertThat(none.mailDefault()).isFalse();
    }

    @Test
    void badValuesNameTheParameter() {
        assertThatThrownBy(() -> read(Map.of("deadLetterThreshold", "many"))).isInstanceOf(ConfigException.class)
                .hasMessage(WHERE + "parameter 'deadLetterThreshold' 'many' must be a whole number >= 0 (a run with more"
                        + " dead letters opens an incident) or none");
        assertThatThrownBy(() -> read(Map.of("escalationWebhook", "ftp://tickets"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(WHERE + "parameter 'escalationWebhook' 'ftp://tickets' is not an http(s) URL");
        assertThatThrownBy(() -> read(Map.of("escalationMail", "ops team"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(WHERE + "parameter 'escalationMail' 'ops team' is not an e-mail address");
    }

    private static EscalationSpec read(Map<String, Object> parameters) {
        return EscalationSpec.read(parameters, WHERE, value -> value);
    }
}
