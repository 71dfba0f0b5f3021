package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import io.wlabridge.demo.EmbeddedKafkaBroker;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.OAuthServer;
import io.wlabridge.testing.SecureClients;

/**
 * Tokens that live 6 s and a broker that makes every connection re-authenticate before its token expires: the
 * producer keeps sending while Kafka's refreshing login asks the handler again and msal4j fetches a new token.
 */
class OAuthTokenRefreshIT {

    static final String SCOPE = "api://wla-kafka/.default";
    static final OAuthServer oauth = OAuthServer.startUnchecked(6, SCOPE);
    @RegisterExtension
    static final KafkaBroker KAFKA = new KafkaBroker(() -> {
        Map<String, String> config = new HashMap<>(oauth.brokerListener(SCOPE));
        // a session lasts until its token expires at the latest; then the client must re-authenticate
        config.put("connections.max.reauth.ms", "60000");
        return config;
    });

    @BeforeAll
    static void topic() {
        KafkaBroker.broker().createTopic("refresh-topic", 1);
    }

    @AfterAll
    static void stopOAuthServer() throws Exception {
        oauth.close();
    }

    @Test
    void tokenNearingExpiryIsRefreshedWithoutAFailedSend() {
        String address = EmbeddedKafkaBroker.HOST + ":" + KafkaBroker.broker().boundPort("OAUTH");
        // Kafka's defaults refresh at 80 % of the lifetime but not within 60 s of the last refresh: fit to 6 s tokens
        Map<String, Object> refreshSoon = Map.of("sasl.login.refresh.min.period.seconds", "0",
                "sasl.login.refresh.buffer.seconds", "0", "sasl.login.refresh.window.factor", "0.5",
                "sasl.login.refresh.window.jitter", "0");
        oauth.requests();
        AtomicInteger tokens = new AtomicInteger();
        AtomicInteger sent = new AtomicInteger();
        try (KafkaProducer<String, String> producer = SecureClients.producer(address,
                oauth.clientSettings(SCOPE, OAuthServer.CLIENT_SECRET), refreshSoon)) {
            // every poll sends one record and must succeed; done once three tokens (two refreshes) were fetched
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                producer.send(new ProducerRecord<>("refresh-topic", "k", "record " + sent.incrementAndGet()))
                        .get(10, TimeUnit.SECONDS);
                tokens.addAndGet((int) oauth.requests().stream().filter(r -> r.startsWith("POST")).count());
                return tokens.get() >= 3;
            });
        }
        assertThat(tokens.get()).isGreaterThanOrEqualTo(3);
        assertThat(SecureClients.consume(address, oauth.clientSettings(SCOPE, OAuthServer.CLIENT_SECRET),
                "refresh-topic", sent.get())).hasSize(sent.get());
    }
}
