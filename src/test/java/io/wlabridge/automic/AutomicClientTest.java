package io.wlabridge.automic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;

import org.junit.jupiter.api.Test;

/** How Automic's answers are read (docs/contracts/automic-executions.md §3): accepted, refused (dead-letter), or worth retrying. */
class AutomicClientTest {

    private static final URI EXECUTIONS = AutomicClient.executionsUri("https://ae.example:8088/", "100");

    @Test
    void executionsUriFollowsTheContract() {
        assertThat(EXECUTIONS).hasToString("https://ae.example:8088/ae/api/v1/100/executions");
    }

    @Test
    void acceptedAnswerGivesTheRunId() {
        assertThat(AutomicClient.answer(EXECUTIONS, "JOBS.X", 200, "{\"run_id\": 26350635}")).isEqualTo(26350635L);
        assertThat(AutomicClient.answer(EXECUTIONS, "JOBS.X", 201, "{\"run_id\": 7}")).isEqualTo(7L);
        assertThat(AutomicClient.answer(EXECUTIONS, "JOBS.X", 200, "")).isNull();
    }

    @Test
    void clientErrorsAreRefusedWithStatusAndBody() {
        assertThatThrownBy(() -> AutomicClient.answer(EXECUTIONS, "JOBS.X", 400, "{\"code\":45100,\n\"error\":\"bad input\"}"))
                .isInstanceOf(AutomicRejectedException.class)
                .hasMessage("POST https://ae.example:8088/ae/api/v1/100/executions (object JOBS.X) answered 400:"
                        + " {\"code\":45100, \"error\":\"bad input\"}");
        assertThatThrownBy(() -> AutomicClient.answer(EXECUTIONS, "JOBS.X", 404, null))
                .isInstanceOf(AutomicRejectedException.class).hasMessageEndingWith("answered 404: (no body)");
    }

    @Test
    void serverErrorsThrottlingAndCredentialsAreRetried() {
        for (int status : new int[] {500, 502, 503, 408, 429}) {
            assertThatThrownBy(() -> AutomicClient.answer(EXECUTIONS, "JOBS.X", status, "{}"))
                    .isInstanceOf(AutomicUnavailableException.class);
        }
        assertThatThrownBy(() -> AutomicClient.answer(EXECUTIONS, "JOBS.X", 401, "{}"))
                .isInstanceOf(AutomicUnavailableException.class).hasMessageContaining("check wla.automic.user");
    }
}
