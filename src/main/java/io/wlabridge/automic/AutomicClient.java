package io.wlabridge.automic;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Starts executions through the Automic Automation REST API v1: {@code POST {base}/ae/api/v1/{client}/executions}
 * with {@code object_name}, {@code execution_option: execute}, optional {@code alias} and {@code inputs}, HTTP Basic
 * auth; the answer carries the {@code run_id}. One attempt per call: retries are the route's (Camel redelivery).
 * JDK HttpClient because camel-http is not available here and one POST does not need more.
 */
public final class AutomicClient {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int BODY_IN_MESSAGE = 300;

    /** What to start: the object, an optional alias (empty: none) and the PromptSet inputs. */
    public record Execution(String objectName, String alias, Map<String, Object> inputs) {
    }

    private final HttpClient http;
    private final String authorization;
    private final Duration timeout;

    /**
     * @param user     the AE login without the client, USER/DEPARTMENT (the client is in the URL)
     * @param password never logged, never in an exception message
     */
    public AutomicClient(String user, String password, Duration timeout) {
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        // preemptive: the contract requires Basic on every call (docs/contracts/automic-executions.md §2), and the JDK Authenticator only answers 401 challenges
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** {@code {base}/ae/api/v1/{client}/executions}; base is http(s)://host:port with or without a trailing slash. */
    public static URI executionsUri(String base, String client) {
        String trimmed = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
        return URI.create(trimmed + "/ae/api/v1/" + client + "/executions");
    }

    /**
     * @return the AE run id, or null when Automic accepted the request without one
     * @throws AutomicRejectedException    4xx other than 401, 403, 408, 429: the request will not succeed as it is
     * @throws AutomicUnavailableException 5xx, 401/403, 408, 429, timeout or network error: worth retrying
     */
    public Long execute(URI executions, Execution execution) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("object_name", execution.objectName());
        body.put("execution_option", "execute");
        if (execution.alias() != null && !execution.alias().isBlank()) {
            body.put("alias", execution.alias());
        }
        if (!execution.inputs().isEmpty()) {
            body.put("inputs", execution.inputs());
        }
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(executions)
                    .timeout(timeout)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .header("Authorization", authorization)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                    .build();
        } catch (JsonProcessingException e) {
            throw new AutomicRejectedException(0, "the execution request cannot be written as JSON: " + e.getOriginalMessage());
        }
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AutomicUnavailableException("Automic at " + executions + " cannot be reached: "
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AutomicUnavailableException("interrupted while calling Automic at " + executions, e);
        }
        return answer(executions, execution.objectName(), response.statusCode(), response.body());
    }

    static Long answer(URI executions, String objectName, int status, String body) {
        String what = "POST " + executions + " (object " + objectName + ")";
        if (status >= 200 && status < 300) {
            try {
                JsonNode runId = body == null || body.isBlank() ? null : JSON.readTree(body).get("run_id");
                return runId == null || !runId.canConvertToLong() ? null : runId.asLong();
            } catch (JsonProcessingException e) {
                return null;
            }
        }
        String answer = what + " answered " + status + ": " + shortBody(body);
        if (status == 401 || status == 403) {
            throw new AutomicUnavailableException(answer + " - check wla.automic.user (USER/DEPARTMENT, without the client)"
                    + ", wla.automic.password and the user's rights on the object");
        }
        if (status >= 500 || status == 408 || status == 429) {
            throw new AutomicUnavailableException(answer);
        }
        throw new AutomicRejectedException(status, answer);
    }

    private static String shortBody(String body) {
        if (body == null || body.isBlank()) {
            return "(no body)";
        }
        String line = body.replaceAll("\\s*\\R\\s*", " ").trim();
        return line.length() <= BODY_IN_MESSAGE ? line : line.substring(0, BODY_IN_MESSAGE) + "...";
    }
}
