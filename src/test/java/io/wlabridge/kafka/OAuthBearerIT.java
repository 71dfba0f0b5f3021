package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.demo.EmbeddedKafkaBroker;
import io.wlabridge.testing.ClientCertificate;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.OAuthServer;
import io.wlabridge.testing.SecureClients;

/**
 * A SASL/OAUTHBEARER listener that validates JWTs against the JWKS and issuer of a standard OpenID Connect issuer
 * (mock-oauth2-server's own layout, as Keycloak's); the bridge's clients get their tokens from that issuer's token
 * endpoint, configured only by {@code wla.kafka.*}. An Entra ID authority keeps msal4j's Entra layout.
 */
class OAuthBearerIT {

    static final String SCOPE = "api://wla-kafka/.default";
    static final OAuthServer oauth = OAuthServer.startUnchecked();

    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker(() -> oauth.brokerListener(SCOPE));

    @BeforeAll
    static void topic() {
        KafkaBroker.broker().createTopic("oauth-topic", 1);
    }

    @AfterAll
    static void stopOAuthServer() throws Exception {
        oauth.close();
    }

    static Map<String, String> settings(String clientSecret) {
        return oauth.clientSettings(SCOPE, clientSecret);
    }

    static Map<String, String> withCertificate(Path certificate, String password) {
        Map<String, String> settings = new java.util.HashMap<>(settings(""));
        settings.remove("wla.kafka.oauth.client-secret");
        settings.put("wla.kafka.oauth.certificate-path", certificate.toString());
        settings.put("wla.kafka.oauth.certificate-password", password);
        return settings;
    }

    String address() {
        return EmbeddedKafkaBroker.HOST + ":" + KafkaBroker.broker().boundPort("OAUTH");
    }

    @Test
    void clientSecretTokenFromOidcIssuerProducesAndReadsBack() throws Exception {
        oauth.requests();
        try (LogCapture logs = new LogCapture()) {
            SecureClients.produce(address(), settings(OAuthServer.CLIENT_SECRET), "oauth-topic", "k", "with a token");
            assertThat(SecureClients.consume(address(), settings(OAuthServer.CLIENT_SECRET), "oauth-topic", 1))
                    .extracting(r -> r.value()).containsExactly("with a token");
            assertThat(logs.all()).doesNotContain(OAuthServer.CLIENT_SECRET).doesNotContain(OAuthServer.TRUSTSTORE_PASSWORD);
            // none if an earlier test of this class already fetched this client's token
            assertThat(oauth.requests()).as("one cached token serves producer and consumer, from the discovered endpoint")
                    .filteredOn(r -> r.startsWith("POST")).hasSizeLessThanOrEqualTo(1)
                    .allMatch(r -> r.equals("POST /" + OAuthServer.ISSUER_ID + "/token"));
        }
    }

    @Test
    void tokenComesFromTheDiscoveryDocumentsTokenEndpointNotEntrasPath() throws Exception {
        // a client id of its own: a fresh token source, so its requests are this test's
        Map<String, String> settings = new java.util.HashMap<>(settings(OAuthServer.CLIENT_SECRET));
        settings.put("wla.kafka.oauth.identity-pool-id", "pool-discovery");
        oauth.requests();
        SecureClients.produce(address(), settings, "oauth-topic", "d", "discovered");
        assertThat(oauth.requests()).contains("GET /" + OAuthServer.ISSUER_ID + "/.well-known/openid-configuration",
                "POST /" + OAuthServer.ISSUER_ID + "/token").noneMatch(r -> r.contains("/oauth2/v2.0/"));
    }

    @Test
    void issuerTruststoreAsPemFileIsTrusted(@TempDir Path dir) throws Exception {
        Path pem = dir.resolve("issuer-ca.pem");
        java.security.KeyStore store = java.security.KeyStore.getInstance(oauth.truststore().toFile(),
                OAuthServer.TRUSTSTORE_PASSWORD.toCharArray());
        StringBuilder text = new StringBuilder();
        for (String alias : java.util.Collections.list(store.aliases())) {
            text.append("-----BEGIN CERTIFICATE-----\n").append(java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(store.getCertificate(alias).getEncoded())).append("\n-----END CERTIFICATE-----\n");
        }
        java.nio.file.Files.writeString(pem, text);
        Map<String, String> settings = new java.util.HashMap<>(settings(OAuthServer.CLIENT_SECRET));
        settings.put("wla.kafka.oauth.ssl-truststore-location", pem.toString());
        settings.put("wla.kafka.oauth.ssl-truststore-password", "");
        settings.put("wla.kafka.oauth.ssl-truststore-type", "PEM");
        SecureClients.produce(address(), settings, "oauth-topic", "pem-trust", "issuer trusted from PEM");
        assertThat(SecureClients.consume(address(), settings, "oauth-topic", 1)).isNotEmpty();
    }

    @Test
    void entraAuthorityKeepsMsal4jsEntraLayout() throws Exception {
        // a stand-in for login.microsoftonline.com/<tenant>: msal4j as for Entra ID, minus its instance discovery
        Map<String, String> settings = new java.util.HashMap<>(settings(OAuthServer.CLIENT_SECRET));
        settings.put("wla.kafka.oauth.authority", oauth.entraAuthority());
        EntraTokenSettings entra = EntraTokenSettings.from(EntraTokenSettings.validatedValues(
                option -> settings.getOrDefault(option.name(), option.defaultValue())));
        oauth.requests();
        TokenSource.AccessToken token = EntraTokenSource.create(entra, false).acquire();

        assertThat(oauth.requests()).filteredOn(r -> r.startsWith("POST"))
                .containsExactly("POST /" + OAuthServer.ENTRA_TENANT + "/oauth2/v2.0/token");
        assertThat(com.nimbusds.jwt.SignedJWT.parse(token.value()).getJWTClaimsSet().getIssuer())
                .isEqualTo(oauth.entraTokenIssuer());
        assertThat(EntraTokenSettings.from(Map.of("authority", "https://login.microsoftonline.com/t")).entraAuthority())
                .isTrue();
        assertThat(entra.entraAuthority()).as("any other host is an OIDC issuer").isFalse();
    }

    @Test
    void clientCertificateAsPemOrPfxProducesAndReadsBack(@TempDir Path dir) throws Exception {
        ClientCertificate certificate = ClientCertificate.create(dir);
        oauth.trustClientCertificate(certificate.certificate());
        SecureClients.produce(address(), withCertificate(certificate.pem(), ""), "oauth-topic", "pem", "PEM certificate");
        SecureClients.produce(address(), withCertificate(certificate.pfx(), certificate.password()), "oauth-topic",
                "pfx", "PFX certificate");
        assertThat(SecureClients.consume(address(), settings(OAuthServer.CLIENT_SECRET), "oauth-topic", 3))
                .extracting(r -> r.value()).contains("PEM certificate", "PFX certificate");
    }

    @Test
    void certificateTheIssuerDoesNotKnowFails(@TempDir Path dir) throws Exception {
        ClientCertificate unknown = ClientCertificate.create(dir);
        Throwable failure = catchThrowable(() -> SecureClients.produce(address(),
                withCertificate(unknown.pem(), ""), "oauth-topic", "k", "never"));
        assertThat(SaslPasswordIT.messages(failure)).contains("invalid_client");
    }

    @Test
    void unreachableIssuerFailsNamingClientAndAuthority() throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(settings(OAuthServer.CLIENT_SECRET));
        String nowhere = "https://127.0.0.1:" + io.wlabridge.testing.JobFixture.closedPort() + "/entra";
        settings.put("wla.kafka.oauth.authority", nowhere);
        Throwable failure = catchThrowable(() -> SecureClients.produce(address(), settings, "oauth-topic", "k", "never"));
        // msal4j reads an OIDC issuer's discovery document when the application is built
        assertThat(SaslPasswordIT.messages(failure))
                .contains("cannot set up the OAuth client " + OAuthServer.CLIENT_ID + " for " + nowhere)
                .doesNotContain(OAuthServer.CLIENT_SECRET);
    }

    @Test
    void wrongClientSecretFailsNamingTheClientAndTheIssuersAnswer() {
        String wrong = "wrong-secret-0d2b5f";
        try (LogCapture logs = new LogCapture()) {
            Throwable failure = catchThrowable(() -> SecureClients.produce(address(), settings(wrong), "oauth-topic",
                    "k", "never"));
            String messages = SaslPasswordIT.messages(failure);
            assertThat(messages).contains("no OAuth token for client " + OAuthServer.CLIENT_ID)
                    .contains("invalid_client");
            assertThat(messages).doesNotContain(wrong);
            assertThat(logs.all()).doesNotContain(wrong);
        }
    }
}
