package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.junit.jupiter.api.Test;

import io.wlabridge.ops.OperatorAuth.Result;

class OperatorAuthTest {

    private final OperatorAuth auth = new OperatorAuth("operator", "pässword:with colon");

    @Test
    void theOperatorsCredentialsAreAllowed() {
        assertThat(auth.check(basic("operator", "pässword:with colon"))).isEqualTo(Result.ALLOWED);
        assertThat(auth.check("basic " + basic("operator", "pässword:with colon").substring(6))).isEqualTo(Result.ALLOWED);
        assertThat(OperatorAuth.userOf(basic("operator", "pässword:with colon"))).isEqualTo("operator");
    }

    @Test
    void missingMalformedOrWrongCredentialsAreNot() {
        assertThat(auth.check(null)).isEqualTo(Result.UNAUTHENTICATED);
        assertThat(auth.check("")).isEqualTo(Result.UNAUTHENTICATED);
        assertThat(auth.check("Bearer pässword:with colon")).isEqualTo(Result.UNAUTHENTICATED);
        assertThat(auth.check("Basic %%%")).isEqualTo(Result.UNAUTHENTICATED);
        assertThat(auth.check("Basic " + Base64.getEncoder().encodeToString("no-colon".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(Result.UNAUTHENTICATED);
        assertThat(auth.check(basic("operator", "pässword"))).isEqualTo(Result.UNAUTHENTICATED);
        assertThat(auth.check(basic("Operator", "pässword:with colon"))).isEqualTo(Result.UNAUTHENTICATED);
        assertThat(auth.check(basic("operator", ""))).isEqualTo(Result.UNAUTHENTICATED);
    }

    @Test
    void withoutAPasswordNobodyMayTrigger() {
        OperatorAuth disabled = new OperatorAuth("operator", "");
        assertThat(disabled.enabled()).isFalse();
        assertThat(disabled.check(basic("operator", ""))).isEqualTo(Result.DISABLED);
        assertThat(new OperatorAuth("operator", null).check(null)).isEqualTo(Result.DISABLED);
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
