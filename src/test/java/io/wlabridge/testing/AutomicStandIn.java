package io.wlabridge.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP receiver following the Automic AE REST API v1 executions contract
 * (docs/contracts/automic-executions.md §8): {@code GET /ae/api/v1/ping} without auth; {@code POST /ae/api/v1/{client}/executions}
 * with HTTP Basic auth (401 otherwise) answering {@code {"run_id": n}}; {@code GET …/executions/{run_id}} (404 for
 * unknown ids). Tests script failures: the next answers' statuses, or a status for requests whose inputs match.
 */
public final class AutomicStandIn implements AutoCloseable {

    /** One accepted execution request, as the stand-in read it. */
    public record Execution(String client, String objectName, String executionOption, String alias,
            Map<String, Object> inputs, String user, long runId) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern EXECUTIONS = Pattern.compile("/ae/api/v1/([0-9]+)/executions(?:/([0-9]+))?");

    private final String user;
    private final String password;
    private final HttpServer server;
    private final List<Execution> executions = new ArrayList<>();
    private final Deque<Integer> scripted = new ArrayDeque<>();
    private final AtomicInteger posts = new AtomicInteger();
    private final AtomicLong nextRunId = new AtomicLong(26350635);
    private volatile int acceptStatus = 200;
    private volatile Predicate<Map<String, Object>> rejectWhen = inputs -> false;
    private volatile boolean down;

    public AutomicStandIn(String user, String password) throws IOException {
        this.user = user;
        this.password = password;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ae/api/v1", this::handle);
        server.start();
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** The accepted executions, in the order they arrived. */
    public synchronized List<Execution> executions() {
        return List.copyOf(executions);
    }

    /** Every POST to executions, answered with whatever status. */
    public int posts() {
        return posts.get();
    }

    /** The next POSTs are answered with these statuses (e.g. 503), then normal service resumes. */
    public synchronized void answerNext(int... statuses) {
        for (int status : statuses) {
            scripted.add(status);
        }
    }

    /** While down, every POST is answered 503. */
    public void down(boolean down) {
        this.down = down;
    }

    /** Requests whose inputs match are refused with 400 and a JSON error body. */
    public void rejectWhen(Predicate<Map<String, Object>> inputs) {
        this.rejectWhen = inputs;
    }

    /** The status of an accepted execution (docs/contracts/automic-executions.md §3: 200; some AE releases answer 201). */
    public void acceptWith(int status) {
        this.acceptStatus = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals("/ae/api/v1/ping") && exchange.getRequestMethod().equals("GET")) {
                send(exchange, 200, null);
                return;
            }
            if (!authorized(exchange)) {
                send(exchange, 401, Map.of("code", 401, "error", "Unauthorized", "details", "wrong user or password"));
                return;
            }
            Matcher m = EXECUTIONS.matcher(path);
            if (!m.matches()) {
                send(exchange, 404, Map.of("code", 404, "error", "Not found", "details", path));
            } else if (m.group(2) == null && exchange.getRequestMethod().equals("POST")) {
                execute(exchange, m.group(1));
            } else if (m.group(2) != null && exchange.getRequestMethod().equals("GET")) {
                long runId = Long.parseLong(m.group(2));
                Execution found = executions().stream().filter(e -> e.runId() == runId).findFirst().orElse(null);
                if (found == null) {
                    send(exchange, 404, Map.of("code", 404, "error", "Not found", "details", "run " + runId));
                } else {
                    send(exchange, 200, Map.of("run_id", runId, "name", found.objectName(), "type", "JOBP",
                            "status", 1900, "status_text", "ENDED_OK - ended normally"));
                }
            } else {
                send(exchange, 405, Map.of("code", 405, "error", "Method not allowed", "details", path));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private void execute(HttpExchange exchange, String client) throws IOException {
        posts.incrementAndGet();
        Map<String, Object> body = JSON.readValue(exchange.getRequestBody(), Map.class);
        Integer status;
        synchronized (this) {
            status = scripted.poll();
        }
        if (status == null && down) {
            status = 503;
        }
        if (status != null) {
            send(exchange, status, Map.of("code", status, "error", "Service unavailable", "details", "scripted"));
            return;
        }
        Object objectName = body.get("object_name");
        Map<String, Object> inputs = body.get("inputs") instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
        if (!(objectName instanceof String) || ((String) objectName).isBlank()) {
            send(exchange, 400, Map.of("code", 400, "error", "Bad request", "details", "object_name is required"));
            return;
        }
        if (rejectWhen.test(inputs)) {
            send(exchange, 400, Map.of("code", 45100, "error", "Invalid input", "details", "inputs do not fit the PromptSet"));
            return;
        }
        long runId = nextRunId.getAndIncrement();
        synchronized (this) {
            executions.add(new Execution(client, (String) objectName, (String) body.get("execution_option"),
                    (String) body.get("alias"), inputs, basicUser(exchange), runId));
        }
        send(exchange, acceptStatus, Map.of("run_id", runId));
    }

    private boolean authorized(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        return header != null && header.equals("Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }

    private static String basicUser(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        String decoded = new String(Base64.getDecoder().decode(header.substring("Basic ".length())), StandardCharsets.UTF_8);
        return decoded.substring(0, decoded.indexOf(':'));
    }

    private static void send(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = body == null ? new byte[0] : JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        if (bytes.length > 0) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
