package io.wlabridge.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FOR THE DEMO ONLY: an OAuth 2.0 token issuer on 127.0.0.1 for the HTTP bridge of {@code demo --serve}. It serves
 * OpenID Connect discovery ({@code /.well-known/openid-configuration}), its JWKS ({@code /discovery/v2.0/keys}) and a
 * {@code client_credentials} token endpoint ({@code /oauth2/v2.0/token}, Entra ID's paths, so the documented curl
 * examples only change the token URL) for one client, whose id and secret, like the RS256 signing key, are generated
 * at each start. Tokens carry {@code aud} {@value #AUDIENCE}, {@code azp} the client id and {@code roles} the roles
 * given to {@link #start}; they live an hour.
 *
 * <p>Hand-written on the JDK's HttpServer and nimbus-jose-jwt (the service's own) because the tests' issuer,
 * mock-oauth2-server, is a test dependency that would pull Kotlin and OkHttp into the demo jar; production uses
 * Entra ID or any OpenID Connect issuer. Thread-safe.
 */
public final class LocalTokenIssuer implements AutoCloseable {

    /** The audience (aud) of every token, also the HTTP bridge's wla.api.audience in the demo. */
    public static final String AUDIENCE = "api://wla-bridge";
    /** The scope a client asks for, as with Entra ID: the API's audience with /.default. */
    public static final String SCOPE = AUDIENCE + "/.default";

    private static final Logger LOG = LoggerFactory.getLogger(LocalTokenIssuer.class);
    private static final String HOST = "127.0.0.1";
    private static final String DISCOVERY_PATH = "/.well-known/openid-configuration";
    private static final String JWKS_PATH = "/discovery/v2.0/keys";
    private static final String TOKEN_PATH = "/oauth2/v2.0/token";
    private static final long TOKEN_LIFETIME_SECONDS = 3600;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ObjectMapper json = new ObjectMapper();
    private final RSAKey key;
    private final String clientId = UUID.randomUUID().toString();
    private final String clientSecret = randomText(24);
    private final List<String> roles;
    private final HttpServer server;
    private final ExecutorService executor;

    private LocalTokenIssuer(int port, List<String> roles) throws IOException {
        try {
            key = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256)
                    .keyID(UUID.randomUUID().toString()).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot generate the demo issuer's RSA key: " + e.getMessage(), e);
        }
        this.roles = List.copyOf(roles);
        executor = Executors.newFixedThreadPool(2, task -> {
            Thread thread = new Thread(task, "local-token-issuer");
            thread.setDaemon(true);
            return thread;
        });
        server = HttpServer.create(new InetSocketAddress(HOST, port), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("local token issuer (demo only) listening at {}", issuer());
    }

    /**
     * Starts listening on {@code 127.0.0.1:port} ({@code 0} picks a free port).
     *
     * @param roles the {@code roles} claim of the tokens it issues
     */
    public static LocalTokenIssuer start(int port, List<String> roles) throws IOException {
        return new LocalTokenIssuer(port, roles);
    }

    /** The issuer (iss of its tokens), also the base of OpenID Connect discovery. */
    public String issuer() {
        return "http://" + HOST + ":" + server.getAddress().getPort();
    }

    public String tokenUrl() {
        return issuer() + TOKEN_PATH;
    }

    public String jwksUrl() {
        return issuer() + JWKS_PATH;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    /** Stops listening. Idempotent. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            try {
                dispatch(exchange);
            } catch (IllegalArgumentException malformed) {
                // URLDecoder on a broken %-escape
                reply(exchange, 400, error("invalid_request", "the body is not application/x-www-form-urlencoded"));
            } catch (RuntimeException unexpected) {
                LOG.error("local token issuer failed on {} {}", exchange.getRequestMethod(),
                        exchange.getRequestURI().getPath(), unexpected);
                reply(exchange, 500, error("server_error", "the local token issuer failed; see its log"));
            }
        }
    }

    private void dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        String method = exchange.getRequestMethod();
        switch (path) {
            case DISCOVERY_PATH -> answerGet(exchange, method, discovery());
            case JWKS_PATH -> answerGet(exchange, method, new JWKSet(key.toPublicJWK()).toJSONObject(true));
            case TOKEN_PATH -> {
                if ("POST".equals(method)) {
                    token(exchange);
                } else {
                    exchange.getResponseHeaders().set("Allow", "POST");
                    reply(exchange, 405, error("invalid_request", "use POST"));
                }
            }
            default -> reply(exchange, 404, error("not_found", "this issuer serves " + DISCOVERY_PATH + ", "
                    + JWKS_PATH + " and " + TOKEN_PATH));
        }
    }

    private void answerGet(HttpExchange exchange, String method, Map<String, Object> body) throws IOException {
        if ("GET".equals(method)) {
            reply(exchange, 200, body);
        } else {
            exchange.getResponseHeaders().set("Allow", "GET");
            reply(exchange, 405, error("invalid_request", "use GET"));
        }
    }

    private Map<String, Object> discovery() {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put("issuer", issuer());
        document.put("token_endpoint", tokenUrl());
        document.put("jwks_uri", jwksUrl());
        document.put("grant_types_supported", List.of("client_credentials"));
        document.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        document.put("response_types_supported", List.of("token"));
        document.put("subject_types_supported", List.of("public"));
        document.put("id_token_signing_alg_values_supported", List.of("RS256"));
        document.put("scopes_supported", List.of(SCOPE));
        return document;
    }

    /** RFC 6749 §4.4 and §5: the client authenticates with its secret (form or HTTP Basic) and gets a bearer token. */
    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form;
        try (InputStream in = exchange.getRequestBody()) {
            form = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        String[] basic = basicCredentials(exchange.getRequestHeaders().getFirst("Authorization"));
        String id = basic != null ? basic[0] : form.get("client_id");
        String secret = basic != null ? basic[1] : form.get("client_secret");
        String grant = form.get("grant_type");
        if (grant == null) {
            reply(exchange, 400, error("invalid_request", "grant_type is missing: send grant_type=client_credentials"));
        } else if (!grant.equals("client_credentials")) {
            reply(exchange, 400, error("unsupported_grant_type", "this issuer grants client_credentials only"));
        } else if (!clientId.equals(id) || secret == null || !MessageDigest.isEqual(
                clientSecret.getBytes(StandardCharsets.UTF_8), secret.getBytes(StandardCharsets.UTF_8))) {
            if (basic != null) {
                exchange.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"local-token-issuer\"");
            }
            reply(exchange, 401, error("invalid_client", "client id or secret is not the demo client's"));
        } else if (form.containsKey("scope") && !List.of(SCOPE, AUDIENCE).contains(form.get("scope").trim())) {
            reply(exchange, 400, error("invalid_scope", "ask for scope " + SCOPE + " (or none)"));
        } else {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("access_token", accessToken());
            answer.put("token_type", "Bearer");
            answer.put("expires_in", TOKEN_LIFETIME_SECONDS);
            exchange.getResponseHeaders().set("Cache-Control", "no-store");
            exchange.getResponseHeaders().set("Pragma", "no-cache");
            reply(exchange, 200, answer);
        }
    }

    private String accessToken() {
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer())
                .subject(clientId)
                .audience(AUDIENCE)
                .claim("azp", clientId)
                .claim("roles", roles)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(TOKEN_LIFETIME_SECONDS)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    /** client_secret_basic (RFC 6749 §2.3.1): id and secret, each form-encoded, as HTTP Basic; null when absent. */
    private static String[] basicCredentials(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : new String[] {decode(decoded.substring(0, colon)), decode(decoded.substring(colon + 1))};
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            if (!pair.isEmpty()) {
                int eq = pair.indexOf('=');
                form.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
            }
        }
        return form;
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static Map<String, Object> error(String code, String description) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", code);
        body.put("error_description", description);
        return body;
    }

    private void reply(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        byte[] bytes = json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** {@code bytes} random bytes as URL-safe text (no padding): secrets that paste into shells and forms as they are. */
    static String randomText(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }
}
