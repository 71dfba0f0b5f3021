package io.wlabridge.testing;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Collections;
import java.util.Map;

import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.MockWebServerWrapper;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import okhttp3.Headers;

/**
 * mock-oauth2-server in-process over HTTPS (its own self-signed certificate, exported to a PKCS12 truststore file).
 * It serves a standard OpenID Connect issuer, {@code https://127.0.0.1:<port>/wla-realm} (discovery, token endpoint
 * {@code /wla-realm/token}, JWKS), as Keycloak, Okta or Ping do, and as a stand-in for Entra ID the tenant
 * {@link #ENTRA_TENANT}, whose tokens come from {@code /<tenant>/oauth2/v2.0/token}. It issues tokens to any client by
 * default; here a client-credentials request whose secret (form or HTTP Basic) is not {@link #CLIENT_SECRET}, or
 * whose client assertion is not signed by the certificate given to {@link #trustClientCertificate}, gets 401
 * invalid_client.
 */
public final class OAuthServer implements AutoCloseable {

    public static final String ISSUER_ID = "wla-realm";
    /** The Entra-shaped tenant: authority {@code https://127.0.0.1:<port>/<tenant>}, tokens at .../oauth2/v2.0/token. */
    public static final String ENTRA_TENANT = "entra-tenant";
    public static final String CLIENT_ID = "wla-bridge-client";
    public static final String CLIENT_SECRET = "client-secret-91c4e7";
    public static final String TRUSTSTORE_PASSWORD = "changeit";

    private final MockOAuth2Server server;
    private final Path truststore;
    private volatile java.security.cert.X509Certificate trustedCertificate;

    public OAuthServer() throws Exception {
        this(0, "");
    }

    /**
     * @param tokenLifetimeSeconds how long the client-credentials tokens it issues live (0: the server's default,
     *                             an hour, and aud the requested scope)
     * @param audience             their aud
     */
    public OAuthServer(int tokenLifetimeSeconds, String audience) throws Exception {
        String callbacks = tokenLifetimeSeconds == 0 ? "" : ",\"tokenCallbacks\":[{\"issuerId\":\"" + ISSUER_ID
                + "\",\"tokenExpiry\":" + tokenLifetimeSeconds + ",\"requestMappings\":[{"
                + "\"requestParam\":\"grant_type\",\"match\":\"client_credentials\",\"claims\":{\"sub\":\""
                + CLIENT_ID + "\",\"aud\":[\"" + audience + "\"]}}]}]";
        OAuth2Config config = OAuth2Config.Companion.fromJson(
                "{\"httpServer\":{\"type\":\"MockWebServerWrapper\",\"ssl\":{}}" + callbacks + "}");
        server = new MockOAuth2Server(config, new RejectWrongCredential());
        server.start();
        KeyStore serverKeys = ((MockWebServerWrapper) config.getHttpServer()).getSsl().getSslKeystore().getKeyStore();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (String alias : Collections.list(serverKeys.aliases())) {
            trust.setCertificateEntry(alias, serverKeys.getCertificate(alias));
        }
        truststore = Files.createTempFile("mock-oauth2-trust", ".p12");
        try (OutputStream out = Files.newOutputStream(truststore)) {
            trust.store(out, TRUSTSTORE_PASSWORD.toCharArray());
        }
    }

    /** For static initialisers: a started server, or an unchecked failure. */
    public static OAuthServer startUnchecked() {
        return startUnchecked(0, null);
    }

    /** As {@link #startUnchecked()}, issuing tokens that live {@code tokenLifetimeSeconds} for {@code audience}. */
    public static OAuthServer startUnchecked(int tokenLifetimeSeconds, String audience) {
        try {
            return tokenLifetimeSeconds > 0 ? new OAuthServer(tokenLifetimeSeconds, audience) : new OAuthServer();
        } catch (Exception e) {
            throw new IllegalStateException("mock-oauth2-server did not start", e);
        }
    }

    /**
     * The standard issuer, also the OpenID Connect authority: discovery at
     * {@code <issuer>/.well-known/openid-configuration}, tokens from {@code <issuer>/token}, iss this URL.
     */
    public String issuer() {
        return server.issuerUrl(ISSUER_ID).toString().replaceAll("/$", "");
    }

    /** The iss of the Kafka tokens a client of {@link #clientSettings} gets: {@link #issuer()}. */
    public String tokenIssuer() {
        return issuer();
    }

    /** The Entra-shaped authority: msal4j posts client credentials to {@code <authority>/oauth2/v2.0/token}. */
    public String entraAuthority() {
        return server.issuerUrl(ENTRA_TENANT).toString().replaceAll("/$", "");
    }

    /** The iss of the Entra-shaped tokens: mock-oauth2-server names the issuer by the token endpoint's path. */
    public String entraTokenIssuer() {
        return entraAuthority() + "/oauth2/v2.0";
    }

    /** The issuer URL (the iss of its tokens) of another issuer id of this server, e.g. for the HTTP bridge. */
    public String issuerUrl(String issuerId) {
        return server.issuerUrl(issuerId).toString();
    }

    /**
     * A signed JWT of issuer {@code issuerId} (the iss is {@link #issuerUrl}), for {@code subject} with these
     * audiences and extra claims (e.g. azp, groups, roles), expiring {@code expirySeconds} from now (negative: expired).
     */
    public String token(String issuerId, String subject, java.util.List<String> audience, Map<String, Object> claims,
            long expirySeconds) {
        return server.issueToken(issuerId, subject, new no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback(
                issuerId, subject, "JWT", audience, claims, expirySeconds)).serialize();
    }

    /** The JWKS of {@link #tokenIssuer()}, which the broker checks tokens against. */
    public String jwksUrl() {
        return server.jwksUrl(ISSUER_ID).toString();
    }

    /** The requests so far ({@code METHOD path}), oldest first, for tests that check which endpoints a client used. */
    public java.util.List<String> requests() {
        java.util.List<String> requests = new java.util.ArrayList<>();
        while (true) {
            try {
                var request = server.takeRequest(10, java.util.concurrent.TimeUnit.MILLISECONDS);
                requests.add(request.getMethod() + " " + request.getPath());
            } catch (RuntimeException noMore) {
                // mock-oauth2-server throws when its queue stays empty for the timeout
                return requests;
            }
        }
    }

    /**
     * Broker settings for a SASL_PLAINTEXT listener {@code OAUTH} whose server side validates JWTs against this
     * server's JWKS (fetched over TLS with this server's truststore), issuer and {@code audience}.
     */
    public Map<String, String> brokerListener(String audience) {
        String jwksTrust = " ssl.truststore.location=\"" + truststore + "\" ssl.truststore.password=\""
                + TRUSTSTORE_PASSWORD + "\" ssl.truststore.type=\"PKCS12\"";
        return Map.of(
                "listeners", "OAUTH://127.0.0.1:0",
                "listener.security.protocol.map", "OAUTH:SASL_PLAINTEXT",
                "sasl.enabled.mechanisms", "OAUTHBEARER",
                "listener.name.oauth.sasl.enabled.mechanisms", "OAUTHBEARER",
                "listener.name.oauth.oauthbearer.sasl.server.callback.handler.class",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerValidatorCallbackHandler",
                // the broker logs in too; it never uses its own token on this listener, an unsecured one will do
                "listener.name.oauth.oauthbearer.sasl.jaas.config",
                "org.apache.kafka.common.security.oauthbearer.OAuthBearerLoginModule required"
                        + " unsecuredLoginStringClaim_sub=\"broker\"" + jwksTrust + ";",
                "sasl.oauthbearer.jwks.endpoint.url", jwksUrl(),
                "sasl.oauthbearer.expected.issuer", tokenIssuer(),
                // mock-oauth2-server puts the requested scope in aud
                "sasl.oauthbearer.expected.audience", audience);
    }

    /** The {@code wla.kafka.*} settings of a client of this server with {@code clientSecret}. */
    public Map<String, String> clientSettings(String scope, String clientSecret) {
        Map<String, String> settings = new java.util.HashMap<>();
        settings.put("wla.kafka.security-protocol", "SASL_PLAINTEXT");
        settings.put("wla.kafka.sasl-mechanism", "OAUTHBEARER");
        settings.put("wla.kafka.oauth.authority", issuer());
        settings.put("wla.kafka.oauth.client-id", CLIENT_ID);
        settings.put("wla.kafka.oauth.client-secret", clientSecret);
        settings.put("wla.kafka.oauth.scope", scope);
        settings.put("wla.kafka.oauth.logical-cluster", "lkc-test");
        settings.put("wla.kafka.oauth.identity-pool-id", "pool-test");
        settings.put("wla.kafka.oauth.ssl-truststore-location", truststore.toString());
        settings.put("wla.kafka.oauth.ssl-truststore-password", TRUSTSTORE_PASSWORD);
        return settings;
    }

    public Path truststore() {
        return truststore;
    }

    @Override
    public void close() throws Exception {
        server.shutdown();
        Files.deleteIfExists(truststore);
    }

    /** Accepts client assertions (certificate credentials) signed by this certificate's key from now on. */
    public void trustClientCertificate(java.security.cert.X509Certificate certificate) {
        trustedCertificate = certificate;
    }

    /** Answers invalid_client as an issuer would: a wrong secret, an assertion not signed by the trusted key. */
    private final class RejectWrongCredential implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            if (!request.getMethod().equals("POST") || !request.getUrl().encodedPath().endsWith("/token")) {
                return false;
            }
            String secret = request.getFormParameters().get("client_secret");
            String basic = request.getHeaders().get("Authorization");
            if (secret == null && basic != null && basic.startsWith("Basic ")) {
                String pair = new String(java.util.Base64.getDecoder().decode(basic.substring(6)),
                        java.nio.charset.StandardCharsets.UTF_8);
                secret = java.net.URLDecoder.decode(pair.substring(pair.indexOf(':') + 1),
                        java.nio.charset.StandardCharsets.UTF_8);
            }
            if (secret != null) {
                return !secret.equals(CLIENT_SECRET);
            }
            String assertion = request.getFormParameters().get("client_assertion");
            return assertion != null && !signedByTrustedCertificate(assertion);
        }

        private boolean signedByTrustedCertificate(String assertion) {
            try {
                return trustedCertificate != null && com.nimbusds.jwt.SignedJWT.parse(assertion).verify(
                        new com.nimbusds.jose.crypto.RSASSAVerifier(
                                (java.security.interfaces.RSAPublicKey) trustedCertificate.getPublicKey()));
            } catch (Exception e) {
                return false;
            }
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 401,
                    "{\"error\":\"invalid_client\",\"error_description\":\"client credential is not valid\"}", null);
        }
    }
}
