package io.wlabridge.api;

import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.text.ParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jose.util.ResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.BadJWTException;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import io.wlabridge.config.ConfigException;

/**
 * Checks an OAuth 2.0 bearer token (a JWT) the way a resource server must: signature against the issuer's JWKS
 * (cached; refetched, rate-limited, when a token names a key id not in the cache, so rotated keys are picked up),
 * only asymmetric algorithms (RS*, PS*, ES*; never {@code none} or HMAC), issuer, audience, exp and nbf with a small
 * clock skew. nimbus-jose-jwt does the work. A token that passed is taken as checked until it expires, for at most
 * five minutes ({@link VerifiedTokens}); the Java key of each JWK is kept ({@link CachedKeySelector}). Independent of
 * the endpoints: anything serving HTTP may call it. Thread-safe.
 */
public final class BearerTokenValidator {

    private static final Logger LOG = LoggerFactory.getLogger(BearerTokenValidator.class);
    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512);
    private static final int HTTP_TIMEOUT_MS = 10_000;

    private final String issuer;
    private final String audience;
    private final int clockSkewSeconds;
    private final String configuredJwksUrl;
    private final ResourceRetriever retriever;
    private volatile DefaultJWTProcessor<SecurityContext> processor;
    private final VerifiedTokens verified;

    /**
     * @param jwksUrl  the JWKS, or empty to discover it from {@code <issuer>/.well-known/openid-configuration} at the
     *                 first request (so the service starts while the issuer is briefly away)
     * @param trustStore truststore file for the issuer's HTTPS, or empty for the JVM's default trust
     */
    public BearerTokenValidator(String issuer, String audience, String jwksUrl, int clockSkewSeconds, String trustStore,
            String trustStorePassword) {
        if (issuer.isBlank()) {
            throw new ConfigException("wla.api.issuer is not set: the HTTP bridge needs the issuer whose tokens it accepts");
        }
        if (audience.isBlank()) {
            throw new ConfigException("wla.api.audience is not set but wla.api.issuer is: set the audience (aud) tokens"
                    + " for the HTTP bridge carry, e.g. api://wla-bridge");
        }
        this.issuer = issuer.trim();
        this.audience = audience.trim();
        this.configuredJwksUrl = jwksUrl.trim();
        this.clockSkewSeconds = clockSkewSeconds;
        this.verified = new VerifiedTokens(java.time.Clock.systemUTC(), clockSkewSeconds);
        this.retriever = new DefaultResourceRetriever(HTTP_TIMEOUT_MS, HTTP_TIMEOUT_MS, 512 * 1024, true,
                socketFactory(trustStore.trim(), trustStorePassword));
        if (!configuredJwksUrl.isEmpty()) {
            url(configuredJwksUrl, "wla.api.jwks-url");
        }
        url(this.issuer, "wla.api.issuer");
    }

    /**
     * Whether the header carries a bearer token verified before and not expired: {@link #validate} then answers from
     * memory, without fetching keys.
     */
    boolean verifiedBefore(String authorization) {
        if (authorization == null || authorization.length() < 8 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return verified.caller(authorization.substring(7).trim()) != null;
    }

    /**
     * The caller behind an {@code Authorization} header value.
     *
     * @throws ApiException 401 when the header is missing or the token is not valid, 503 when the issuer's keys cannot
     *                      be fetched
     */
    public ApiCaller validate(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            throw new Unauthorized(false, "Authorization header missing: send 'Authorization: Bearer <access token>'");
        }
        String header = authorization.trim();
        if (header.length() < 7 || !header.substring(0, 7).equalsIgnoreCase("Bearer ")) {
            throw new Unauthorized(false,
                    "Authorization header is not a bearer token: send 'Authorization: Bearer <access token>'");
        }
        String token = header.substring(7).trim();
        ApiCaller known = verified.caller(token);
        if (known != null) {
            return known;
        }
        DefaultJWTProcessor<SecurityContext> checker;
        try {
            checker = processor();
        } catch (KeySourceException e) {
            LOG.warn("HTTP bridge cannot discover the signing keys of {}: {}", issuer, e.getMessage());
            throw new ApiException(503, 50302, "The token issuer's signing keys cannot be fetched; try again later");
        }
        JWTClaimsSet claims;
        try {
            claims = checker.process(token, null);
        } catch (KeySourceException e) {
            LOG.warn("HTTP bridge cannot fetch the signing keys of {}: {}", issuer, e.getMessage());
            throw new ApiException(503, 50302, "The token issuer's signing keys cannot be fetched; try again later");
        } catch (BadJWTException e) {
            throw unauthorized("Token rejected: " + e.getMessage());
        } catch (ParseException e) {
            throw unauthorized("Token rejected: not a JWT");
        } catch (BadJOSEException e) {
            throw unauthorized("Token rejected: " + e.getMessage());
        } catch (JOSEException e) {
            throw unauthorized("Token rejected: its signature cannot be checked");
        } catch (RuntimeException e) {
            // nimbus may throw IllegalArgumentException and the like on garbled input: the token is bad, not the server
            throw unauthorized("Token rejected: not a well-formed JWT");
        }
        ApiCaller caller = caller(claims);
        verified.verified(token, claims.getExpirationTime(), caller);
        return caller;
    }

    private static ApiException unauthorized(String message) {
        return new Unauthorized(true, message);
    }

    /**
     * 401. RFC 6750 §3.1: a request without a bearer token gets the challenge without an error code; one whose token
     * is not valid gets {@code error="invalid_token"}.
     */
    public static final class Unauthorized extends ApiException {
        private final boolean tokenPresented;

        Unauthorized(boolean tokenPresented, String message) {
            super(401, 401, message);
            this.tokenPresented = tokenPresented;
        }

        /** The WWW-Authenticate challenge for this refusal. */
        public String challenge() {
            return "Bearer realm=\"wla-bridge\"" + (tokenPresented ? ", error=\"invalid_token\"" : "");
        }
    }

    private ApiCaller caller(JWTClaimsSet claims) {
        String subject = claims.getSubject();
        String client = firstString(claims, "azp", "appid", "client_id");
        if (client == null) {
            client = subject;
        }
        if (client == null) {
            throw unauthorized("Token rejected: it names no client (azp, appid or sub)");
        }
        Set<String> grants = new LinkedHashSet<>();
        grants.addAll(strings(claims, "groups"));
        grants.addAll(strings(claims, "roles"));
        // wla.api.permissions may name the client itself, as the rate limiter counts it
        grants.add("client:" + client);
        return new ApiCaller(client, subject, Set.copyOf(grants));
    }

    private static String firstString(JWTClaimsSet claims, String... names) {
        for (String name : names) {
            Object value = claims.getClaim(name);
            if (value instanceof String s && !s.isBlank()) {
                return s;
            }
        }
        return null;
    }

    private static List<String> strings(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        if (value instanceof String s) {
            return List.of(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
        }
        return List.of();
    }

    private DefaultJWTProcessor<SecurityContext> processor() throws KeySourceException {
        DefaultJWTProcessor<SecurityContext> current = processor;
        if (current == null) {
            synchronized (this) {
                if (processor == null) {
                    processor = build(jwksUrl());
                }
                current = processor;
            }
        }
        return current;
    }

    private DefaultJWTProcessor<SecurityContext> build(URL jwks) {
        JWKSource<SecurityContext> keys = JWKSourceBuilder.create(jwks, retriever)
                // keys kept 15 min; an unknown key id refetches at most every 10 s (rotation without a flood)
                .cache(15 * 60_000L, HTTP_TIMEOUT_MS)
                .rateLimited(10_000L)
                .retrying(true)
                .build();
        DefaultJWTProcessor<SecurityContext> built = new DefaultJWTProcessor<>();
        built.setJWSKeySelector(new CachedKeySelector(ACCEPTED, keys));
        DefaultJWTClaimsVerifier<SecurityContext> verifier = new DefaultJWTClaimsVerifier<>(
                // mutable sets: nimbus asks them contains(null), which Set.of answers with a NullPointerException
                new java.util.HashSet<>(Set.of(audience)), new JWTClaimsSet.Builder().issuer(issuer).build(),
                new java.util.HashSet<>(Set.of("iss", "aud", "exp")), new java.util.HashSet<>());
        verifier.setMaxClockSkew(clockSkewSeconds);
        built.setJWTClaimsSetVerifier(verifier);
        LOG.info("HTTP bridge accepts tokens of {} for audience {}, keys from {}", issuer, audience, jwks);
        return built;
    }

    private URL jwksUrl() throws KeySourceException {
        if (!configuredJwksUrl.isEmpty()) {
            return url(configuredJwksUrl, "wla.api.jwks-url");
        }
        String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
        try {
            String body = retriever.retrieveResource(url(discovery, "wla.api.issuer")).getContent();
            JsonNode document = new ObjectMapper().readTree(body);
            String jwks = document.path("jwks_uri").asText("");
            if (jwks.isEmpty()) {
                throw new KeySourceException("OpenID Connect discovery " + discovery + " names no jwks_uri; set wla.api.jwks-url");
            }
            return url(jwks, "jwks_uri of " + discovery);
        } catch (IOException e) {
            throw new KeySourceException("OpenID Connect discovery " + discovery + " failed (" + e.getMessage()
                    + "); check wla.api.issuer or set wla.api.jwks-url", e);
        }
    }

    private static URL url(String value, String what) {
        try {
            return URI.create(value).toURL();
        } catch (IllegalArgumentException | MalformedURLException e) {
            throw new ConfigException(what + " is '" + value + "', not a URL");
        }
    }

    private static SSLSocketFactory socketFactory(String trustStore, String password) {
        if (trustStore.isEmpty()) {
            return null;
        }
        try (InputStream in = Files.newInputStream(Path.of(trustStore))) {
            // PKCS12 keystores in Java 9+ also read JKS files (keystore.type.compat)
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(in, password.isEmpty() ? null : password.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext ssl = SSLContext.getInstance("TLS");
            ssl.init(null, trust.getTrustManagers(), null);
            return ssl.getSocketFactory();
        } catch (IOException | GeneralSecurityException e) {
            throw new ConfigException("wla.api.ssl-truststore-location " + trustStore + " cannot be read ("
                    + e.getClass().getSimpleName() + "); check the file and wla.api.ssl-truststore-password");
        }
    }
}
