package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.wlabridge.dev.EmbeddedKafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.OAuthServer;
import io.wlabridge.testing.SecureClients;

/**
 * A SASL/OAUTHBEARER listener that validates JWTs against mock-oauth2-server's JWKS; the bridge's clients get their
 * tokens from that server through msal4j (OIDC authority, client secret), configured only by {@code wla.kafka.*}.
 */
class OAuthBearerIT {

    static final String SCOPE = "api://wla-kafka/.default";
    static OAuthServer oauth;
    static EmbeddedKafkaBroker broker;

    @BeforeAll
    static void start() throws Exception {
        oauth = new OAuthServer();
        broker = EmbeddedKafkaBroker.start(0, oauth.brokerListener(SCOPE));
        broker.createTopic("oauth-topic", 1);
    }

    @AfterAll
    static void stop() throws Exception {
        if (broker != null) {
            broker.close();
        }
        if (oauth != null) {
            oauth.close();
        }
    }

    static Map<String, String> settings(String clientSecret) {
        return oauth.clientSettings(SCOPE, clientSecret);
    }

    String address() {
        return EmbeddedKafkaBroker.HOST + ":" + broker.boundPort("OAUTH");
    }

    @Test
    void clientSecretTokenFromOidcIssuerProducesAndReadsBack() throws Exception {
        oauth.requests();
        try (LogCapture logs = new LogCapture()) {
            SecureClients.produce(address(), settings(OAuthServer.CLIENT_SECRET), "oauth-topic", "k", "with a token");
            assertThat(SecureClients.consume(address(), settings(OAuthServer.CLIENT_SECRET), "oauth-topic", 1))
                    .extracting(r -> r.value()).containsExactly("with a token");
            assertThat(logs.all()).doesNotContain(OAuthServer.CLIENT_SECRET).doesNotContain(OAuthServer.TRUSTSTORE_PASSWORD);
            assertThat(oauth.requests()).as("one token from msal4j's cache serves producer and consumer")
                    .filteredOn(r -> r.startsWith("POST")).containsExactly("POST /entra/oauth2/v2.0/token");
        }
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
