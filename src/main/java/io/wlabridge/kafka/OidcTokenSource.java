package io.wlabridge.kafka;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

/**
 * Client-credentials tokens (RFC 6749 §4.4) from any OpenID Connect issuer (Keycloak, Okta, Ping, an in-house one),
 * posted to the {@code token_endpoint} of its discovery document, with the client secret (client_secret_basic, or
 * client_secret_post where the issuer offers only that) or a certificate-signed client assertion (private_key_jwt,
 * RFC 7523). Written here because msal4j 1.26 reads an OIDC authority's discovery document but then posts the grant
 * to {@code <authority>/oauth2/v2.0/token}, Entra's layout, which other issuers do not serve.
 */
final class OidcTokenSource implements TokenSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** As msal4j: a new token once the cached one has less than five minutes left. */
    private static final long RENEW_BEFORE_MS = 5 * 60_000L;

    private final EntraTokenSettings settings;
    private final HttpClient http;
    private final URI tokenEndpoint;
    private final boolean secretInBody;
    private final CertificateCredential certificate;
    private volatile AccessToken cached;

    private OidcTokenSource(EntraTokenSettings settings, HttpClient http, URI tokenEndpoint, boolean secretInBody,
            CertificateCredential certificate) {
        this.settings = settings;
        this.http = http;
        this.tokenEndpoint = tokenEndpoint;
        this.secretInBody = secretInBody;
        this.certificate = certificate;
    }

    /** Reads the issuer's discovery document now: an unreachable issuer fails here, naming client and authority. */
    static OidcTokenSource create(EntraTokenSettings settings) {
        try {
            HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(TIMEOUT)
                    .version(HttpClient.Version.HTTP_1_1);
            SSLContext trust = IssuerTrust.of(settings);
            if (trust != null) {
                builder.sslContext(trust);
            }
            HttpClient http = builder.build();
            URI discovery = URI.create(settings.authority().replaceAll("/+$", "") + "/.well-known/openid-configuration");
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(discovery).timeout(TIMEOUT)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            JsonNode document = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
            if (document == null || !document.hasNonNull("token_endpoint")) {
                throw new IOException(discovery + " answered HTTP " + answer.statusCode()
                        + " without a token_endpoint: is the authority an OpenID Connect issuer?");
            }
            URI tokenEndpoint = URI.create(document.get("token_endpoint").asText());
            if (!"https".equalsIgnoreCase(tokenEndpoint.getScheme())) {
                throw new IOException("its discovery document names the token endpoint " + tokenEndpoint
                        + ", not an https URL: the client credentials travel over TLS only");
            }
            JsonNode methods = document.path("token_endpoint_auth_methods_supported");
            boolean postOnly = methods.isArray() && methods.toString().contains("\"client_secret_post\"")
                    && !methods.toString().contains("\"client_secret_basic\"");
            CertificateCredential certificate = settings.clientSecret().isEmpty()
                    ? CertificateCredential.read(settings.certificatePath(), settings.certificatePassword()) : null;
            return new OidcTokenSource(settings, http, tokenEndpoint, postOnly, certificate);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalArgumentException("interrupted while reading the discovery document of " + settings.authority(), e);
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            String why = e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
            throw new IllegalArgumentException("cannot set up the OAuth client " + settings.clientId() + " for "
                    + settings.authority() + ": " + why, e);
        }
    }

    @Override
    public AccessToken acquire() throws IOException, InterruptedException {
        AccessToken token = cached;
        if (token != null && token.expiresAtMs() - System.currentTimeMillis() > RENEW_BEFORE_MS) {
            return token;
        }
        synchronized (this) {
            token = cached;
            if (token == null || token.expiresAtMs() - System.currentTimeMillis() <= RENEW_BEFORE_MS) {
                token = request();
                cached = token;
            }
            return token;
        }
    }

    private AccessToken request() throws IOException, InterruptedException {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("scope", settings.scope());
        HttpRequest.Builder request = HttpRequest.newBuilder(tokenEndpoint).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded").header("Accept", "application/json");
        if (certificate != null) {
            form.put("client_id", settings.clientId());
            form.put("client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer");
            form.put("client_assertion", assertion());
        } else if (secretInBody) {
            form.put("client_id", settings.clientId());
            form.put("client_secret", settings.clientSecret());
        } else {
            // RFC 6749 §2.3.1: id and secret are form-encoded before they are joined
            String pair = encode(settings.clientId()) + ":" + encode(settings.clientSecret());
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        String body = form.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        long asked = System.currentTimeMillis();
        HttpResponse<String> answer = http.send(request.POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(answer.body());
        } catch (IOException notJson) {
            throw new IOException(tokenEndpoint + " answered HTTP " + answer.statusCode() + " without JSON");
        }
        if (answer.statusCode() != 200 || !json.hasNonNull("access_token")) {
            // the issuer's error code and description (RFC 6749 §5.2); they never echo the secret
            throw new IOException(json.path("error").asText("HTTP " + answer.statusCode()) + ": "
                    + json.path("error_description").asText("no access token") + " (HTTP " + answer.statusCode()
                    + " from " + tokenEndpoint + ")");
        }
        long lifetimeMs = json.path("expires_in").asLong(300) * 1000;
        return new AccessToken(json.get("access_token").asText(), asked + lifetimeMs);
    }

    /** The client assertion: a short JWT for the token endpoint, signed with the certificate's key. */
    private String assertion() throws IOException {
        try {
            Base64URL thumbprint = Base64URL.encode(MessageDigest.getInstance("SHA-256")
                    .digest(certificate.chain().get(0).getEncoded()));
            JWSHeader header = new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT)
                    .keyID(thumbprint.toString()).x509CertSHA256Thumbprint(thumbprint).build();
            Date now = new Date();
            JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(settings.clientId()).subject(settings.clientId())
                    .audience(tokenEndpoint.toString()).jwtID(UUID.randomUUID().toString()).issueTime(now)
                    .notBeforeTime(now).expirationTime(new Date(now.getTime() + 5 * 60_000L)).build();
            SignedJWT jwt = new SignedJWT(header, claims);
            jwt.sign(new RSASSASigner(certificate.key()));
            return jwt.serialize();
        } catch (JOSEException | GeneralSecurityException e) {
            throw new IOException("cannot sign the client assertion with the certificate: " + e.getMessage(), e);
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
