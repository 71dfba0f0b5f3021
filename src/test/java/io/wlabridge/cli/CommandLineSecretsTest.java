package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.WlaOptions;

/** A secret given as --key=value is refused before anything starts, with one line naming the key, never the value. */
class CommandLineSecretsTest {

    record Result(int exit, String err) {
    }

    @Test
    void everySecretOnTheCommandLineIsRefusedNamingTheKeyNotTheValue() {
        for (ConfigOption secret : WlaOptions.SECRETS) {
            String value = "cl1-" + secret.environmentVariable().toLowerCase() + "-7f3a";
            Result result = execute("run", "timetravel-daily", "--" + secret.name() + "=" + value);
            assertThat(result.exit()).as(secret.name()).isEqualTo(1);
            assertThat(result.err()).as(secret.name()).doesNotContain(value).hasLineCount(1)
                    .startsWith("wla-bridge: --" + secret.name() + " is a secret and must not be on the command line")
                    .contains(secret.environmentVariable(), "--secrets-file", "Key Vault", "ps", "sun.java.command");
        }
    }

    @Test
    void aNamedSourcesPasswordIsRefusedUnderItsOwnKey() {
        Result result = execute("check", "--wla.source.framework.password=src-pw-31c9");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).doesNotContain("src-pw-31c9").hasLineCount(1)
                .startsWith("wla-bridge: --wla.source.framework.password is a secret")
                .contains("WLA_SOURCE_FRAMEWORK_PASSWORD");
    }

    @Test
    void aSecretAsTheNextWordIsRefusedWithoutEchoingIt() {
        Result result = execute("--wla.datasource.password", "hunter2-e81c", "check");
        assertThat(result.exit()).isEqualTo(1);
        assertThat(result.err()).doesNotContain("hunter2-e81c").startsWith("wla-bridge: --wla.datasource.password is a secret");
        assertThat(execute("--version", "--wla.escalation.webhook-token=tok-55d0").err()).doesNotContain("tok-55d0")
                .startsWith("wla-bridge: --wla.escalation.webhook-token is a secret");
    }

    @Test
    void referencesEmptyValuesAndOtherSettingsPass() {
        assertThatCode(() -> CommandLineSecrets.refuse(Options.parse("check", "--wla.datasource.password={{azure:db-password}}",
                "--wla.registry.basic-password={{env:SR_SECRET}}", "--wla.kafka.sasl-password=",
                "--wla.datasource.username=bridge", "--wla.overview.user=operator"))).doesNotThrowAnyException();
    }

    @Test
    void aReferenceWithADefaultMayHoldTheSecretAndIsRefused() {
        assertThat(execute("check", "--wla.datasource.password={{env:DB_PW:fallback-9c1}}").err())
                .doesNotContain("fallback-9c1").startsWith("wla-bridge: --wla.datasource.password is a secret");
    }

    private static Result execute(String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = Commands.execute(args);
            return new Result(exit, err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setErr(original);
        }
    }
}
