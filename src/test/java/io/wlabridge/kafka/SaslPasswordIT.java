package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.wlabridge.demo.EmbeddedKafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.SecureClients;

/** PLAIN and SCRAM-SHA-512 listeners of a real broker; clients set up only through {@code wla.kafka.*}. */
class SaslPasswordIT {

    static final String PLAIN_PASSWORD = "plain-pw-7f3a9c";
    static final String SCRAM_PASSWORD = "scram-pw-2b81de";
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = EmbeddedKafkaBroker.start(0, Map.of(
                "listeners", "PLAIN://127.0.0.1:0,SCRAM://127.0.0.1:0",
                "listener.security.protocol.map", "PLAIN:SASL_PLAINTEXT,SCRAM:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "PLAIN,SCRAM-SHA-512",
                "listener.name.plain.sasl.enabled.mechanisms", "PLAIN",
                "listener.name.plain.plain.sasl.jaas.config", KafkaSecurity.PLAIN_LOGIN_MODULE
                        + " required user_bridge=\"" + PLAIN_PASSWORD + "\";",
                "listener.name.scram.sasl.enabled.mechanisms", "SCRAM-SHA-512",
                "listener.name.scram.scram-sha-512.sasl.jaas.config", KafkaSecurity.SCRAM_LOGIN_MODULE + " required;"));
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("bridge",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SCRAM_PASSWORD))).all().get();
        }
        broker.createTopic("plain-topic", 1);
        broker.createTopic("scram-topic", 1);
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    static Map<String, String> settings(String mechanism, String password) {
        return Map.of("wla.kafka.security-protocol", "SASL_PLAINTEXT", "wla.kafka.sasl-mechanism", mechanism,
                "wla.kafka.sasl-username", "bridge", "wla.kafka.sasl-password", password);
    }

    String address(String listener) {
        return EmbeddedKafkaBroker.HOST + ":" + broker.boundPort(listener);
    }

    @Test
    void plainUserProducesAndReadsBack() throws Exception {
        SecureClients.produce(address("PLAIN"), settings("PLAIN", PLAIN_PASSWORD), "plain-topic", "k", "over PLAIN");
        assertThat(SecureClients.consume(address("PLAIN"), settings("PLAIN", PLAIN_PASSWORD), "plain-topic", 1))
                .extracting(r -> r.value()).containsExactly("over PLAIN");
    }

    @Test
    void scramUserProducesAndReadsBack() {
        // the credential reaches the broker through the metadata log shortly after the admin call returns
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                SecureClients.produce(address("SCRAM"), settings("SCRAM-SHA-512", SCRAM_PASSWORD), "scram-topic", "k",
                        "over SCRAM"));
        assertThat(SecureClients.consume(address("SCRAM"), settings("SCRAM-SHA-512", SCRAM_PASSWORD), "scram-topic", 1))
                .extracting(r -> r.value()).contains("over SCRAM");
    }

    @Test
    void wrongPasswordFailsWithAuthenticationErrorAndNeverShowsThePassword() {
        String wrong = "wrong-pw-e5c1a0";
        try (LogCapture logs = new LogCapture()) {
            Throwable plain = catchThrowable(() -> SecureClients.produce(address("PLAIN"), settings("PLAIN", wrong),
                    "plain-topic", "k", "never"));
            Throwable scram = catchThrowable(() -> SecureClients.produce(address("SCRAM"),
                    settings("SCRAM-SHA-512", wrong), "scram-topic", "k", "never"));
            assertThat(plain).hasRootCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(plain).rootCause().hasMessageContaining("Invalid username or password");
            assertThat(scram).hasRootCauseInstanceOf(SaslAuthenticationException.class);
            assertThat(scram).rootCause().hasMessageContaining("invalid credentials");
            assertThat(logs.all()).doesNotContain(wrong).doesNotContain(PLAIN_PASSWORD).doesNotContain(SCRAM_PASSWORD);
            assertThat(messages(plain) + messages(scram)).doesNotContain(wrong);
        }
    }

    static String messages(Throwable t) {
        StringBuilder text = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            text.append(c).append('\n');
        }
        return text.toString();
    }

    @Test
    void rotatedScramPasswordIsUsedByTheNextLoginWithoutNewSettings() throws Exception {
        String rotated = "scram-pw-rotated-77c1";
        broker.createTopic("rotation-topic", 1);
        // the settings keep the first password (as Kafka keeps sasl.jaas.config); the vault and the broker change
        Map<String, String> configured = settings("SCRAM-SHA-512", SCRAM_PASSWORD);
        try (LogCapture logs = new LogCapture()) {
            scramPassword(rotated);
            await().atMost(30, TimeUnit.SECONDS).until(() -> !logsIn(configured));

            RotatedCredentials.rotateSaslPassword("bridge", rotated);

            assertThat(logsIn(configured)).isTrue();
            assertThat(logs.all()).doesNotContain(rotated);
        } finally {
            RotatedCredentials.forget("bridge");
            scramPassword(SCRAM_PASSWORD);
            await().atMost(30, TimeUnit.SECONDS).until(() -> logsIn(configured));
        }
    }

    private static void scramPassword(String password) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("bridge",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password))).all().get();
        }
    }

    /** Whether a new SCRAM client with these settings logs in and gets a record acknowledged. */
    private boolean logsIn(Map<String, String> settings) {
        try {
            SecureClients.produce(address("SCRAM"), settings, "rotation-topic", "k", "v");
            return true;
        } catch (Exception refused) {
            return false;
        }
    }
}
