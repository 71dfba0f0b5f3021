package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.demo.RegistryStandIn;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.testing.ClientCertificate;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.OAuthServer;

/** The time-travel job against a registry that wants credentials (basic, bearer from msal4j) or speaks HTTPS; settings only. */
@ExtendWith(KafkaBroker.class)
class RegistryAuthIT {

    static final String API_KEY = "SR-KEY-7Q2";
    static final String API_SECRET = "sr-secret-e81f0c";
    static final String SCOPE = "api://wla-registry/.default";
    static final OAuthServer OAUTH = OAuthServer.startUnchecked();

    static RegistryStandIn registry;
    static JWKSet issuerKeys;
    JobFixture job;

    @BeforeAll
    static void start() throws Exception {
        registry = new RegistryStandIn().start("127.0.0.1", 0);
        issuerKeys = JWKSet.parse(fetchOverTls(OAUTH.jwksUrl()));
    }

    @AfterAll
    static void stop() throws Exception {
        registry.stop();
        OAUTH.close();
    }

    @BeforeEach
    void freshSchemaAndTopics() throws Exception {
        registry.allowAnonymous();
        job = new JobFixture(registry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
    }

    static Map<String, String> basic(String password) {
        return Map.of("wla.registry.auth", "basic", "wla.registry.basic-user", API_KEY,
                "wla.registry.basic-password", password, "wla.registry.retries", "0");
    }

    /** Bearer tokens from the Kafka OAuth identity; Kafka itself stays PLAINTEXT, only the registry uses it. */
    static Map<String, String> bearer(String clientSecret) {
        Map<String, String> settings = new HashMap<>(OAUTH.clientSettings("api://wla-kafka/.default", clientSecret));
        settings.put("wla.kafka.security-protocol", "PLAINTEXT");
        settings.put("wla.kafka.sasl-mechanism", "");
        settings.putAll(Map.of("wla.registry.auth", "bearer", "wla.registry.bearer-source", "oauth",
                "wla.registry.bearer-scope", SCOPE, "wla.registry.logical-cluster", "lsrc-abc123",
                "wla.registry.identity-pool-id", "pool-AbCd", "wla.registry.retries", "0"));
        return settings;
    }

    @Test
    void basicAuthWithTheApiKeySends() throws Exception {
        registry.requireBasicAuth(API_KEY, API_SECRET);
        try (LogCapture logs = new LogCapture()) {
            JobRun run = job.run(basic(API_SECRET));
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.sent()).isEqualTo(1);
            assertThat(logs.all()).doesNotContain(API_SECRET);
        }
        assertThat(job.read(job.topic)).extracting(ConsumerRecord::key).containsExactly("CLAIMS");
    }

    @Test
    void wrongBasicPasswordFailsTheRunNamingRegistryAndOptionsButNotThePassword() throws Exception {
        String wrong = "wrong-sr-secret-33aa";
        registry.requireBasicAuth(API_KEY, API_SECRET);
        JobRun run;
        try (LogCapture logs = new LogCapture()) {
            run = job.run(basic(wrong));
            assertThat(logs.all()).doesNotContain(wrong).doesNotContain(API_SECRET);
        }
        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains(registry.url()).contains("HTTP 401")
                .contains("wla.registry.basic-password").doesNotContain(wrong).doesNotContainPattern("\\R");
        assertThat(job.db.count("SELECT COALESCE(SUM(id_count), 0) FROM wla_sent_chunk")).isZero();
        List<ConsumerRecord<String, byte[]>> escalated = job.read(job.escalations);
        assertThat(escalated).hasSize(1);
        assertThat(new ObjectMapper().readTree(escalated.get(0).value()).get("error").asText())
                .contains("HTTP 401").doesNotContain(wrong);
    }

    @Test
    void bearerTokenFromTheKafkaOAuthIdentitySendsWithConfluentHeaders() throws Exception {
        registry.requireBearerToken(RegistryAuthIT::issuedForTheRegistry);
        try (LogCapture logs = new LogCapture()) {
            JobRun run = job.run(bearer(OAuthServer.CLIENT_SECRET));
            assertThat(run.failure()).isNull();
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.sent()).isEqualTo(1);
            assertThat(logs.all()).doesNotContain(OAuthServer.CLIENT_SECRET);
        }
        assertThat(registry.lastRequestHeaders())
                .containsEntry("target-sr-cluster", "lsrc-abc123")
                .containsEntry("Confluent-Identity-Pool-Id", "pool-AbCd");
        assertThat(registry.lastRequestHeaders().get("Authorization")).startsWith("Bearer ");
    }

    @Test
    void wrongClientSecretForTheRegistryTokenFailsTheRunWithTheIssuersAnswer() throws Exception {
        String wrong = "wrong-client-secret-90d1";
        registry.requireBearerToken(RegistryAuthIT::issuedForTheRegistry);
        JobRun run;
        try (LogCapture logs = new LogCapture()) {
            run = job.run(bearer(wrong));
            assertThat(logs.all()).doesNotContain(wrong);
        }
        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains("no credentials for Schema Registry at " + registry.url())
                .contains("no OAuth token for the Schema Registry for client " + OAuthServer.CLIENT_ID)
                .contains("invalid_client").contains("wla.kafka.oauth.*").doesNotContain(wrong)
                .doesNotContainPattern("\\R");
        assertThat(job.read(job.escalations)).hasSize(1);
    }

    @Test
    void registryOverHttpsIsTrustedThroughAPemCaFile(@TempDir Path dir) throws Exception {
        ClientCertificate server = ClientCertificate.create(dir, "registry", "ip:127.0.0.1");
        RegistryStandIn https = new RegistryStandIn().start("127.0.0.1", 0, server.serverTls());
        try {
            JobFixture overTls = new JobFixture(https.url());
            overTls.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
            JobRun run = overTls.run(Map.of(
                    "wla.registry.ssl-truststore-location", server.certificatePem(dir.resolve("registry-ca.pem")).toString(),
                    "wla.registry.ssl-truststore-type", "PEM"));
            assertThat(https.url()).startsWith("https://");
            assertThat(run.failure()).isNull();
            assertThat(run.sent()).isEqualTo(1);
            assertThat(https.requestCount()).isPositive();
        } finally {
            https.stop();
        }
    }

    @Test
    void registryOverHttpsIsTrustedThroughAPkcs12TruststoreWhosePasswordIsNeverLogged(@TempDir Path dir) throws Exception {
        ClientCertificate server = ClientCertificate.create(dir, "registry", "ip:127.0.0.1");
        String storePassword = "trust-pw-5b6e01";
        RegistryStandIn https = new RegistryStandIn().start("127.0.0.1", 0, server.serverTls());
        try (LogCapture logs = new LogCapture()) {
            JobFixture overTls = new JobFixture(https.url());
            overTls.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
            JobRun run = overTls.run(Map.of(
                    "wla.registry.ssl-truststore-location", server.truststore(dir.resolve("registry-trust.p12"), storePassword).toString(),
                    "wla.registry.ssl-truststore-type", "PKCS12",
                    "wla.registry.ssl-truststore-password", storePassword));
            assertThat(run.failure()).isNull();
            assertThat(run.sent()).isEqualTo(1);
            assertThat(https.requestCount()).isPositive();
            assertThat(logs.all()).doesNotContain(storePassword);
        } finally {
            https.stop();
        }
    }

    @Test
    void staticBearerTokenIsSentAndNeverLogged() throws Exception {
        String token = "static-token-71d0e9aa";
        registry.requireBearerToken(token::equals);
        try (LogCapture logs = new LogCapture()) {
            JobRun run = job.run(Map.of("wla.registry.auth", "bearer", "wla.registry.bearer-source", "static",
                    "wla.registry.bearer-token", token, "wla.registry.retries", "0"));
            assertThat(run.failure()).isNull();
            assertThat(run.sent()).isEqualTo(1);
            assertThat(logs.all()).doesNotContain(token);
        }
        assertThat(registry.lastRequestHeaders().get("Authorization")).isEqualTo("Bearer " + token);
    }

    @Test
    void rejectedStaticBearerTokenFailsTheRunNamingTheOptionsButNotTheToken() throws Exception {
        String token = "revoked-token-0c4d2f";
        registry.requireBearerToken("another-token"::equals);
        JobRun run;
        try (LogCapture logs = new LogCapture()) {
            run = job.run(Map.of("wla.registry.auth", "bearer", "wla.registry.bearer-source", "static",
                    "wla.registry.bearer-token", token, "wla.registry.retries", "0"));
            assertThat(logs.all()).doesNotContain(token);
        }
        assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
        assertThat(run.failure()).contains(registry.url()).contains("HTTP 401").contains("wla.registry.bearer-source")
                .doesNotContain(token);
    }

    @Test
    void untrustedRegistryCertificateFailsTheRunNamingTheTruststoreOption(@TempDir Path dir) throws Exception {
        RegistryStandIn https = new RegistryStandIn().start("127.0.0.1", 0,
                ClientCertificate.create(dir, "registry", "ip:127.0.0.1").serverTls());
        try {
            JobFixture overTls = new JobFixture(https.url());
            overTls.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
            JobRun run = overTls.run(Map.of("wla.registry.retries", "0"));
            assertThat(run.outcome()).isEqualTo(RunOutcome.FAILED);
            assertThat(run.failure()).contains("SSLHandshakeException").contains("wla.registry.ssl-truststore-location");
        } finally {
            https.stop();
        }
    }

    /** A JWT signed by the OAuth server's key, from its token issuer, for the registry's audience, not expired. */
    private static boolean issuedForTheRegistry(String token) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            var key = issuerKeys.getKeyByKeyId(jwt.getHeader().getKeyID()).toRSAKey().toRSAPublicKey();
            var claims = jwt.getJWTClaimsSet();
            return jwt.verify(new RSASSAVerifier(key)) && OAUTH.tokenIssuer().equals(claims.getIssuer())
                    && claims.getAudience().contains(SCOPE) && claims.getExpirationTime().after(new Date());
        } catch (Exception invalid) {
            return false;
        }
    }

    private static String fetchOverTls(String url) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(OAUTH.truststore())) {
            trust.load(in, OAuthServer.TRUSTSTORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        HttpClient http = HttpClient.newBuilder().sslContext(tls).build();
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

}
