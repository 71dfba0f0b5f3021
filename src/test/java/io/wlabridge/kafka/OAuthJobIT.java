package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.wlabridge.demo.EmbeddedKafkaBroker;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.OAuthServer;
import io.wlabridge.testing.SchemaRegistry;

/**
 * The time-travel job and `check` through an OAUTHBEARER listener that validates tokens of a standard OpenID Connect
 * issuer (not Entra ID) against its JWKS; the token comes from that issuer's discovery document; settings only.
 */
@ExtendWith(SchemaRegistry.class)
class OAuthJobIT {

    static final String SCOPE = "api://wla-kafka/.default";
    static final OAuthServer OAUTH = OAuthServer.startUnchecked();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker(() -> OAUTH.brokerListener(SCOPE));

    JobFixture job;

    @AfterAll
    static void stop() throws Exception {
        OAUTH.close();
    }

    @BeforeEach
    void freshSchemaAndTopics() {
        job = new JobFixture(SchemaRegistry.url());
    }

    static Map<String, String> overOAuth(String clientSecret) {
        Map<String, String> settings = new HashMap<>(OAUTH.clientSettings(SCOPE, clientSecret));
        settings.put("wla.kafka.bootstrap-servers",
                EmbeddedKafkaBroker.HOST + ":" + KafkaBroker.broker().boundPort("OAUTH"));
        return settings;
    }

    @Test
    void jobProducesThroughOAuthListenerAndNoSecretIsLogged() throws Exception {
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        try (LogCapture logs = new LogCapture()) {
            JobRun run = job.run(overOAuth(OAuthServer.CLIENT_SECRET));
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.sent()).isEqualTo(1);
            assertThat(logs.all()).doesNotContain(OAuthServer.CLIENT_SECRET)
                    .doesNotContain(OAuthServer.TRUSTSTORE_PASSWORD);
        }
        assertThat(job.read(job.topic)).extracting(r -> r.key()).containsExactly("CLAIMS");
    }

    @Test
    void wrongClientSecretFailsTheRunAndEscalatesWithTheIssuersAnswerAndWithoutTheSecret() throws Exception {
        String wrong = "wrong-secret-4a77c2";
        job.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        try (LogCapture logs = new LogCapture()) {
            JobRun run = job.run(overOAuth(wrong));

            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.sent()).isZero();
            assertThat(run.failure())
                    .contains("no OAuth token for client " + OAuthServer.CLIENT_ID + " from " + OAUTH.issuer())
                    .contains("invalid_client")
                    .doesNotContain(wrong)
                    .as("a refused token is no Kafka outage").doesNotContain("once Kafka is back");
            assertThat(logs.events()).filteredOn(e -> e.getLoggerName().equals("io.wlabridge.ops.Escalation")
                    && e.getLevel() == ch.qos.logback.classic.Level.ERROR).singleElement()
                    .extracting(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).asString()
                    .contains(run.runId()).contains("invalid_client");
            assertThat(logs.all()).doesNotContain(wrong);
        }
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isZero();
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE outcome = 'FAILED'")).isEqualTo(1);
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"exactly-once", "at-least-once"})
    void tokenTheBrokerRefusesFailsTheRunNamingScopeAndAuthorityNotAKafkaOutage(String guarantee) throws Exception {
        job.row("PAYROLL", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        Map<String, String> settings = overOAuth(OAuthServer.CLIENT_SECRET);
        settings.put("wla.kafka.oauth.scope", "api://another-app/.default");
        settings.put("wla.delivery.guarantee", guarantee);

        JobRun run = job.run(settings);

        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains("wla.kafka.oauth.scope").contains("wla.kafka.oauth.authority")
                .doesNotContain("once Kafka is back").doesNotContain("bootstrap-servers");
    }

    @Test
    void checkGetsATokenFromTheProviderAndSaysSo() {
        KafkaBroker.broker().createTopic(job.topic, 1);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        int exit = io.wlabridge.cli.CheckCommand.execute(io.wlabridge.cli.Options.parse("check")
                .withOverrides(job.settings(overOAuth(OAuthServer.CLIENT_SECRET))), new java.io.PrintStream(out, true));

        assertThat(out.toString()).contains("OK   oauth token for kafka: token acquired for client "
                + OAuthServer.CLIENT_ID + " from " + OAUTH.issuer() + " (scope " + SCOPE + ")")
                .contains("OK   kafka login (OAUTHBEARER): the broker accepted the token")
                .doesNotContain(OAuthServer.CLIENT_SECRET);
        assertThat(exit).as(out.toString()).isZero();
    }

    @Test
    void checkWithATokenTheBrokerRefusesNamesTheScopeAndTheAuthorityNotTheAddress() {
        KafkaBroker.broker().createTopic(job.topic, 1);
        Map<String, String> settings = overOAuth(OAuthServer.CLIENT_SECRET);
        // the issuer grants it, but for another audience than the broker expects
        settings.put("wla.kafka.oauth.scope", "api://another-app/.default");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();

        int exit = io.wlabridge.cli.CheckCommand.execute(io.wlabridge.cli.Options.parse("check")
                .withOverrides(job.settings(settings)), new java.io.PrintStream(out, true));

        assertThat(exit).isEqualTo(1);
        assertThat(out.toString().lines()).anyMatch(line -> line.startsWith("OK   oauth token for kafka"))
                .anyMatch(line -> line.startsWith("FAIL kafka login (OAUTHBEARER): ")
                        && line.contains("wla.kafka.oauth.scope") && line.contains("wla.kafka.oauth.authority"))
                .filteredOn(line -> line.startsWith("FAIL"))
                .noneMatch(line -> line.contains("wla.kafka.bootstrap-servers"));
    }

    @Test
    void checkWithAWrongSecretIsOneFailLineWithTheIssuersAnswerAndWithoutTheSecret() {
        String wrong = "wrong-secret-c0ffee";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (LogCapture logs = new LogCapture()) {
            int exit = io.wlabridge.cli.CheckCommand.execute(io.wlabridge.cli.Options.parse("check")
                    .withOverrides(job.settings(overOAuth(wrong))), new java.io.PrintStream(out, true));

            assertThat(exit).isEqualTo(1);
            assertThat(logs.all()).doesNotContain(wrong);
        }
        assertThat(out.toString().lines()).anyMatch(line -> line.startsWith("FAIL oauth token for kafka: no OAuth token for Kafka for client "
                + OAuthServer.CLIENT_ID) && line.contains("invalid_client") && line.contains("wla.kafka.oauth.*"));
        assertThat(out.toString()).doesNotContain(wrong);
    }

    @Test
    void clientSecretRotatedAfterTheSettingsWereMadeIsUsedByTheNextTokenRequest() throws Exception {
        // the settings still carry the old (now revoked) secret; Key Vault rotation hands over the current one
        job.row("BILLING", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        RotatedCredentials.rotateClientSecret(OAuthServer.CLIENT_ID, OAuthServer.CLIENT_SECRET);
        try {
            JobRun run = job.run(overOAuth("revoked-secret-5e1b"));

            assertThat(run.failure()).isNull();
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.sent()).isEqualTo(1);
        } finally {
            RotatedCredentials.forget(OAuthServer.CLIENT_ID);
        }
        assertThat(job.read(job.topic)).extracting(r -> r.key()).containsExactly("BILLING");
    }
}
