package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.errors.SslAuthenticationException;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.demo.EmbeddedKafkaBroker;
import io.wlabridge.testing.ClientCertificate;
import io.wlabridge.testing.SecureClients;

/**
 * An SSL listener with a certificate made by the test, requiring client certificates (mutual TLS); the brokers'
 * certificate trusted once through a PKCS12 truststore and once through a PEM file; and SCRAM-SHA-512 over TLS.
 * Clients are set up by {@code wla.kafka.*} only.
 */
class TlsIT {

    static final String STORE_PASSWORD = "store-pw-61d0";
    static final String SCRAM_PASSWORD = "scram-tls-pw-8c2e";
    @TempDir
    static Path dir;
    static ClientCertificate brokerCertificate;
    static ClientCertificate clientCertificate;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        brokerCertificate = ClientCertificate.create(dir, "broker", "ip:127.0.0.1,dns:localhost");
        clientCertificate = ClientCertificate.create(dir, "bridge", null);
        Path brokerTrust = clientCertificate.truststore(dir.resolve("broker-trust.p12"), STORE_PASSWORD);
        Map<String, String> config = new HashMap<>();
        config.put("listeners", "TLS://127.0.0.1:0,SCRAMTLS://127.0.0.1:0");
        config.put("listener.security.protocol.map", "TLS:SSL,SCRAMTLS:SASL_SSL");
        config.put("listener.name.tls.ssl.keystore.location", brokerCertificate.pfx().toString());
        config.put("listener.name.tls.ssl.keystore.password", brokerCertificate.password());
        config.put("listener.name.tls.ssl.keystore.type", "PKCS12");
        config.put("listener.name.tls.ssl.truststore.location", brokerTrust.toString());
        config.put("listener.name.tls.ssl.truststore.password", STORE_PASSWORD);
        config.put("listener.name.tls.ssl.truststore.type", "PKCS12");
        config.put("listener.name.tls.ssl.client.auth", "required");
        // SCRAM over TLS, as the Apache Kafka block of docs/connecting.md: the same broker certificate, no client certificate
        config.put("listener.name.scramtls.ssl.keystore.location", brokerCertificate.pfx().toString());
        config.put("listener.name.scramtls.ssl.keystore.password", brokerCertificate.password());
        config.put("listener.name.scramtls.ssl.keystore.type", "PKCS12");
        config.put("sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("listener.name.scramtls.sasl.enabled.mechanisms", "SCRAM-SHA-512");
        config.put("listener.name.scramtls.scram-sha-512.sasl.jaas.config", KafkaSecurity.SCRAM_LOGIN_MODULE + " required;");
        broker = EmbeddedKafkaBroker.start(0, config);
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", broker.bootstrapServers()))) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion("bridge",
                    new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), SCRAM_PASSWORD))).all().get();
        }
        broker.createTopic("tls-topic", 1);
        broker.createTopic("scram-tls-topic", 1);
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    static Map<String, String> settings(Map<String, String> trust) {
        Map<String, String> settings = new HashMap<>(trust);
        settings.put("wla.kafka.security-protocol", "SSL");
        settings.put("wla.kafka.ssl-keystore-location", clientCertificate.pfx().toString());
        settings.put("wla.kafka.ssl-keystore-password", clientCertificate.password());
        settings.put("wla.kafka.ssl-keystore-type", "PKCS12");
        return settings;
    }

    String address() {
        return EmbeddedKafkaBroker.HOST + ":" + broker.boundPort("TLS");
    }

    @Test
    void brokerTrustedThroughPkcs12TruststoreAndThroughPemFile() throws Exception {
        Map<String, String> pkcs12 = settings(Map.of(
                "wla.kafka.ssl-truststore-location",
                brokerCertificate.truststore(dir.resolve("bridge-trust.p12"), STORE_PASSWORD).toString(),
                "wla.kafka.ssl-truststore-password", STORE_PASSWORD, "wla.kafka.ssl-truststore-type", "PKCS12"));
        Map<String, String> pem = settings(Map.of(
                "wla.kafka.ssl-truststore-location", brokerCertificate.certificatePem(dir.resolve("ca.pem")).toString(),
                "wla.kafka.ssl-truststore-type", "PEM"));
        SecureClients.produce(address(), pkcs12, "tls-topic", "k", "trusted by PKCS12");
        SecureClients.produce(address(), pem, "tls-topic", "k", "trusted by PEM");
        assertThat(SecureClients.consume(address(), pem, "tls-topic", 2)).extracting(r -> r.value())
                .containsExactly("trusted by PKCS12", "trusted by PEM");
    }

    @Test
    void scramOverTlsWithPemTrustProducesAndReadsBack() throws Exception {
        Map<String, String> settings = Map.of("wla.kafka.security-protocol", "SASL_SSL",
                "wla.kafka.sasl-mechanism", "SCRAM-SHA-512", "wla.kafka.sasl-username", "bridge",
                "wla.kafka.sasl-password", SCRAM_PASSWORD,
                "wla.kafka.ssl-truststore-location", brokerCertificate.certificatePem(dir.resolve("ca-scram.pem")).toString(),
                "wla.kafka.ssl-truststore-type", "PEM");
        String address = EmbeddedKafkaBroker.HOST + ":" + broker.boundPort("SCRAMTLS");
        // the credential reaches the broker through the metadata log shortly after the admin call returns
        Awaitility.await().atMost(Duration.ofSeconds(30)).ignoreExceptions().untilAsserted(() ->
                SecureClients.produce(address, settings, "scram-tls-topic", "k", "SCRAM over TLS"));
        assertThat(SecureClients.consume(address, settings, "scram-tls-topic", 1)).extracting(r -> r.value())
                .contains("SCRAM over TLS");
    }

    @Test
    void brokerNotInTheTruststoreFailsTheHandshake() throws Exception {
        ClientCertificate stranger = ClientCertificate.create(dir, "stranger", null);
        Map<String, String> wrongTrust = settings(Map.of(
                "wla.kafka.ssl-truststore-location", stranger.certificatePem(dir.resolve("stranger.pem")).toString(),
                "wla.kafka.ssl-truststore-type", "PEM"));
        Throwable failure = catchThrowable(() -> SecureClients.produce(address(), wrongTrust, "tls-topic", "k", "never"));
        assertThat(failure).hasCauseInstanceOf(SslAuthenticationException.class);
        assertThat(SaslPasswordIT.messages(failure)).contains("unable to find valid certification path");
    }
}
