package io.wlabridge.demo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * FOR TESTS AND THE DEMO ONLY: an in-process stand-in for a Confluent Schema Registry (Avro only), on the JDK's
 * {@link HttpServer} so it needs no extra dependency. Implements the checklist of docs/contracts/schema-registry.md §11 and the endpoints the
 * bridge and its tests use; state lives in memory and is lost on {@link #stop()}. Never use it in production.
 * Thread-safe.
 */
public final class RegistryStandIn {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryStandIn.class);
    private static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> ACCEPTED_REQUEST_TYPES = Set.of(MEDIA_TYPE, "application/vnd.schemaregistry+json",
            "application/json", "application/octet-stream");

    /** The request as a route handler sees it: decoded path parameters, query parameters and the JSON body. */
    private record Request(List<String> params, Map<String, String> query, JsonNode body) {

        String param(int index) {
            return params.get(index);
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(query.get(name));
        }

        String text(String field) {
            return body == null || !body.hasNonNull(field) ? null : body.get(field).asText();
        }
    }

    /** A reply body written as-is rather than as JSON (the bare schema endpoints). */
    private record RawText(String text) {
    }

    private record Route(String method, Pattern path, Function<Request, Object> handler) {
    }

    private record ErrorReply(@JsonProperty("error_code") int errorCode, String message) {
    }

    private record CompatibilityReply(@JsonProperty("is_compatible") boolean compatible, List<String> messages) {
    }

    private final StandInSchemaStore store = new StandInSchemaStore();
    private final ObjectMapper json = new ObjectMapper().setSerializationInclusion(JsonInclude.Include.NON_NULL);
    private final List<Route> routes = routes();
    private final AtomicLong requestCount = new AtomicLong();
    private volatile Predicate<String> authorization;
    private volatile Map<String, String> lastRequestHeaders = Map.of();
    private HttpServer server;
    private ExecutorService executor;

    /** Starts listening; {@code port} 0 picks a free port (see {@link #url()}). */
    public synchronized RegistryStandIn start(String host, int port) throws IOException {
        return start(host, port, null);
    }

    /** Starts listening over HTTPS with the key and certificate of {@code tls} (null: plain HTTP). */
    public synchronized RegistryStandIn start(String host, int port, SSLContext tls) throws IOException {
        if (server != null) {
            throw new IllegalStateException("Registry stand-in already runs at " + url());
        }
        AtomicInteger threads = new AtomicInteger();
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "registry-stand-in-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        if (tls == null) {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } else {
            HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 0);
            https.setHttpsConfigurator(new HttpsConfigurator(tls));
            server = https;
        }
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Schema Registry stand-in (tests and demo only) listening at {}", url());
        return this;
    }

    /** Stops listening; clients then get connection errors, as with an unreachable registry. Idempotent. */
    public synchronized void stop() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
            LOG.info("Schema Registry stand-in stopped");
        }
    }

    public synchronized String url() {
        if (server == null) {
            throw new IllegalStateException("Registry stand-in is not running");
        }
        InetSocketAddress address = server.getAddress();
        return (server instanceof HttpsServer ? "https://" : "http://") + address.getHostString() + ":" + address.getPort();
    }

    /** Requests served so far, errors included: lets a test prove that a cache avoided HTTP calls. */
    public long requestCount() {
        return requestCount.get();
    }

    /** The headers of the last request served (names case-insensitive): lets a test see what a client sent. */
    public Map<String, String> lastRequestHeaders() {
        return lastRequestHeaders;
    }

    /** Require {@code Authorization: Basic base64(user:password)} on every request; 401 otherwise. */
    public void requireBasicAuth(String user, String password) {
        String expected = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        authorization = expected::equals;
    }

    /** Require {@code Authorization: Bearer <token>} with a token the validator accepts; 401 otherwise. */
    public void requireBearerToken(Predicate<String> tokenValidator) {
        authorization = header -> header.startsWith("Bearer ") && tokenValidator.test(header.substring("Bearer ".length()));
    }

    /** Back to answering without authentication (the default). */
    public void allowAnonymous() {
        authorization = null;
    }

    private List<Route> routes() {
        String subject = "/subjects/([^/]+)";
        List<Route> table = new ArrayList<>();
        table.add(route("GET", "/", request -> Map.of()));
        table.add(route("GET", "/subjects", request -> store.subjects(request.flag("deleted"))));
        table.add(route("POST", subject + "/versions",
                request -> Map.of("id", store.register(request.param(0), schemaOf(request)))));
        table.add(route("GET", subject + "/versions", request -> store.versions(request.param(0), request.flag("deleted"))));
        table.add(route("GET", subject + "/versions/([^/]+)",
                request -> store.version(request.param(0), request.param(1), request.flag("deleted"))));
        table.add(route("GET", subject + "/versions/([^/]+)/schema",
                request -> new RawText(store.version(request.param(0), request.param(1), request.flag("deleted")).schema())));
        table.add(route("POST", subject,
                request -> store.lookup(request.param(0), schemaOf(request), request.flag("deleted"))));
        table.add(route("DELETE", subject, request -> store.deleteSubject(request.param(0), request.flag("permanent"))));
        table.add(route("GET", "/schemas/ids/(\\d+)", request -> Map.of("schema", store.schemaById(idOf(request)))));
        table.add(route("GET", "/schemas/ids/(\\d+)/schema", request -> new RawText(store.schemaById(idOf(request)))));
        table.add(route("GET", "/schemas/types", request -> List.of("AVRO")));
        table.add(route("POST", "/compatibility" + subject + "/versions/([^/]+)", request -> {
            boolean verbose = request.flag("verbose");
            var result = store.testCompatibility(request.param(0), request.param(1), request.text("schema"), verbose);
            return new CompatibilityReply(result.compatible(), verbose ? result.messages() : null);
        }));
        table.add(route("GET", "/config", request -> Map.of("compatibilityLevel", store.globalLevel())));
        table.add(route("PUT", "/config", request -> Map.of("compatibility", store.setGlobalLevel(request.text("compatibility")))));
        table.add(route("GET", "/config/([^/]+)",
                request -> Map.of("compatibilityLevel", store.subjectLevel(request.param(0), request.flag("defaultToGlobal")))));
        table.add(route("PUT", "/config/([^/]+)",
                request -> Map.of("compatibility", store.setSubjectLevel(request.param(0), request.text("compatibility")))));
        return List.copyOf(table);
    }

    private static Route route(String method, String path, Function<Request, Object> handler) {
        return new Route(method, Pattern.compile(path), handler);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requestCount.incrementAndGet();
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
        lastRequestHeaders = Collections.unmodifiableMap(headers);
        try (exchange) {
            try {
                checkAuthorization(exchange);
                reply(exchange, 200, dispatch(exchange));
            } catch (StandInError error) {
                reply(exchange, error.status(), new ErrorReply(error.errorCode(), error.getMessage()));
            } catch (RuntimeException unexpected) {
                LOG.error("Registry stand-in failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        unexpected);
                reply(exchange, 500, new ErrorReply(500, "HTTP 500 Internal Server Error"));
            }
        }
    }

    private Object dispatch(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        boolean pathKnown = false;
        for (Route route : routes) {
            Matcher matcher = route.path().matcher(path);
            if (!matcher.matches()) {
                continue;
            }
            pathKnown = true;
            if (route.method().equals(exchange.getRequestMethod())) {
                return route.handler().apply(new Request(decodedGroups(matcher), query(exchange), body(exchange)));
            }
        }
        throw pathKnown ? StandInError.http(405, "Method Not Allowed") : StandInError.http(404, "Not Found");
    }

    private void checkAuthorization(HttpExchange exchange) {
        Predicate<String> required = authorization;
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (required != null && (header == null || !required.test(header))) {
            throw new StandInError(401, 401, "Unauthorized");
        }
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes;
        try (InputStream in = exchange.getRequestBody()) {
            bytes = in.readAllBytes();
        }
        if (bytes.length == 0) {
            return null;
        }
        String type = exchange.getRequestHeaders().getFirst("Content-Type");
        if (type != null && !ACCEPTED_REQUEST_TYPES.contains(type.split(";")[0].trim().toLowerCase(Locale.ROOT))) {
            throw StandInError.http(415, "Unsupported Media Type");
        }
        try {
            return json.readTree(bytes);
        } catch (IOException e) {
            throw new StandInError(400, 400, "Unrecognized JSON in request body");
        }
    }

    private void reply(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body instanceof RawText raw ? raw.text().getBytes(StandardCharsets.UTF_8) : json.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", MEDIA_TYPE);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static String schemaOf(Request request) {
        String type = request.text("schemaType");
        if (type != null && !"AVRO".equalsIgnoreCase(type)) {
            throw StandInError.invalidSchema("schemaType " + type + " is not supported by the stand-in (Avro only)");
        }
        if (request.body() != null && !request.body().path("references").isEmpty()) {
            throw StandInError.invalidSchema("schema references are not supported by the stand-in");
        }
        return request.text("schema");
    }

    private static int idOf(Request request) {
        try {
            return Integer.parseInt(request.param(0));
        } catch (NumberFormatException tooLarge) {
            throw new StandInError(404, 40403, "Schema " + request.param(0) + " not found");
        }
    }

    private static List<String> decodedGroups(Matcher matcher) {
        List<String> groups = new ArrayList<>();
        for (int group = 1; group <= matcher.groupCount(); group++) {
            groups.add(decode(matcher.group(group)));
        }
        return groups;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> query = new HashMap<>();
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int equals = pair.indexOf('=');
                query.put(decode(equals < 0 ? pair : pair.substring(0, equals)), equals < 0 ? "" : decode(pair.substring(equals + 1)));
            }
        }
        return query;
    }

    /** Path and query decoding as JAX-RS does it: '%xx' escapes only, a '+' stays a '+'. */
    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
