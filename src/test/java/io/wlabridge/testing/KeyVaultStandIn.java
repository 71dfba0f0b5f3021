package io.wlabridge.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.security.KeyStore;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.http.netty.NettyAsyncHttpClientBuilder;
import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import org.apache.camel.component.azure.key.vault.KeyVaultPropertiesFunction;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListener;
import org.apache.camel.main.MainListenerSupport;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;

import io.netty.handler.ssl.SslContextBuilder;
import reactor.core.publisher.Mono;

/**
 * An Azure Key Vault stand-in over HTTPS (a self-signed certificate made by the test), following the secrets part of
 * Key Vault's REST API as Microsoft documents it (api-version 7.x): {@code GET /secrets/{name}} and
 * {@code GET /secrets/{name}/{version}} answer {@code {"value":..,"id":"https://host/secrets/name/version",
 * "attributes":{..}}}; an unknown name or version answers 404 {@code {"error":{"code":"SecretNotFound",..}}}; a request
 * without a valid bearer token answers 401 with Key Vault's challenge
 * {@code WWW-Authenticate: Bearer authorization="https://login.microsoftonline.com/<tenant>", resource="https://vault.azure.net"},
 * which the Azure SDK's SecretClient answers by asking its TokenCredential for a token. {@link #client()} is that real
 * SDK client pointed at this stand-in. What it does not do: Entra ID itself (the token is a fixed test string),
 * RBAC/access policies, soft delete, and the Event Hubs notifications Camel's own refresh listens to.
 */
public final class KeyVaultStandIn implements AutoCloseable {

    public static final String TENANT = "7a1d7f0e-0000-4000-8000-00000000c0de";
    /** The only token the stand-in accepts; the test credential hands it out. */
    public static final String TOKEN = "kv-test-token-" + UUID.randomUUID();

    private static final Pattern SECRET_PATH = Pattern.compile("/secrets/([0-9A-Za-z-]{1,127})(?:/([0-9a-f]*))?/?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, List<Version>> secrets = new ConcurrentHashMap<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger challenges = new AtomicInteger();
    private final ClientCertificate certificate;
    private final HttpsServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    private record Version(String id, String value, long created) {
    }

    private KeyVaultStandIn(ClientCertificate certificate) throws Exception {
        this.certificate = certificate;
        server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(certificate.serverTls()));
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    /** @param certificate the server's certificate, with SAN ip:127.0.0.1 ({@link ClientCertificate#create(java.nio.file.Path, String, String)}) */
    public static KeyVaultStandIn start(ClientCertificate certificate) throws Exception {
        return new KeyVaultStandIn(certificate);
    }

    public String url() {
        return "https://127.0.0.1:" + server.getAddress().getPort();
    }

    /** Adds a new version of the secret, which becomes its current value (as {@code az keyvault secret set} does). */
    public void setSecret(String name, String value) {
        secrets.computeIfAbsent(name, n -> new CopyOnWriteArrayList<>())
                .add(new Version(UUID.randomUUID().toString().replace("-", ""), value, Instant.now().getEpochSecond()));
    }

    /** Request lines served (method, path and query), for assertions on what the SDK asked. */
    public List<String> requests() {
        return List.copyOf(requests);
    }

    /** How often a request came without a valid token and got the bearer challenge. */
    public int challenges() {
        return challenges.get();
    }

    /**
     * The Azure SDK's SecretClient for this vault: Netty HTTP client (azure-core-http-netty, as in production) trusting
     * the test certificate, and a credential that returns the test token. Challenge resource verification is off
     * because the vault is 127.0.0.1, not *.vault.azure.net.
     */
    /**
     * Registers Camel's own KeyVaultPropertiesFunction with {@code client} (see {@link #client()}) before the bridge
     * reads its settings. Only its start is skipped: it would build its own client for https://<vault-name>.vault.azure.net.
     */
    public static MainListener camelFunction(SecretClient client) {
        return new MainListenerSupport() {
            @Override
            public void beforeConfigure(BaseMainSupport main) {
                KeyVaultPropertiesFunction function = new KeyVaultPropertiesFunction(client) {
                    @Override
                    protected void doStart() {
                        // the client is given; Camel's doStart would replace it with one for *.vault.azure.net
                    }
                };
                function.setCamelContext(main.getCamelContext());
                main.getCamelContext().getPropertiesComponent().addPropertiesFunction(function);
            }
        };
    }

    public SecretClient client() throws Exception {
        var tls = SslContextBuilder.forClient().trustManager(certificate.certificate()).build();
        var netty = reactor.netty.http.client.HttpClient.create().secure(spec -> spec.sslContext(tls));
        TokenCredential credential = request -> Mono.just(new AccessToken(TOKEN, OffsetDateTime.now().plusHours(1)));
        return new SecretClientBuilder()
                .vaultUrl(url())
                .credential(credential)
                .disableChallengeResourceVerification()
                .httpClient(new NettyAsyncHttpClientBuilder(netty).build())
                .buildClient();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange; InputStream body = exchange.getRequestBody()) {
            body.readAllBytes();
            String path = exchange.getRequestURI().getPath();
            String query = String.valueOf(exchange.getRequestURI().getQuery());
            requests.add(exchange.getRequestMethod() + " " + path + "?" + query);
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!("Bearer " + TOKEN).equals(authorization)) {
                challenges.incrementAndGet();
                exchange.getResponseHeaders().add("WWW-Authenticate", "Bearer authorization=\"https://login.microsoftonline.com/"
                        + TENANT + "\", resource=\"https://vault.azure.net\"");
                error(exchange, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
                return;
            }
            if (!query.matches("(^|.*&)api-version=7\\.\\d+(-preview)?(&.*|$)")) {
                error(exchange, 400, "BadParameter", "The request URI contains an invalid API version");
                return;
            }
            Matcher m = SECRET_PATH.matcher(path);
            if (!exchange.getRequestMethod().equals("GET") || !m.matches()) {
                error(exchange, 405, "NotSupported", "The stand-in serves GET /secrets/{name}[/{version}] only");
                return;
            }
            String name = m.group(1);
            String version = m.group(2) == null ? "" : m.group(2);
            List<Version> versions = secrets.getOrDefault(name, List.of());
            Version found = version.isEmpty() ? (versions.isEmpty() ? null : versions.get(versions.size() - 1))
                    : versions.stream().filter(v -> v.id().equals(version)).findFirst().orElse(null);
            if (found == null) {
                error(exchange, 404, "SecretNotFound", "A secret with (name/id) " + name + (version.isEmpty() ? "" : "/" + version)
                        + " was not found in this key vault. If you recently deleted this secret you may be able to recover it"
                        + " using the correct recovery command. For help resolving this issue, please see https://go.microsoft.com/fwlink/?linkid=2125182");
                return;
            }
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("enabled", true);
            attributes.put("created", found.created());
            attributes.put("updated", found.created());
            attributes.put("recoveryLevel", "Recoverable+Purgeable");
            attributes.put("recoverableDays", 90);
            Map<String, Object> reply = new LinkedHashMap<>();
            reply.put("value", found.value());
            reply.put("id", url() + "/secrets/" + name + "/" + found.id());
            reply.put("attributes", attributes);
            reply.put("tags", Map.of());
            send(exchange, 200, JSON.writeValueAsBytes(reply));
        }
    }

    private static void error(HttpExchange exchange, int status, String code, String message) throws IOException {
        send(exchange, status, JSON.writeValueAsBytes(Map.of("error", Map.of("code", code, "message", message))));
    }

    private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.getResponseHeaders().add("Content-Type", "application/json; charset=utf-8");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }


    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

}
