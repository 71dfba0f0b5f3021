package io.wlabridge.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registry HTTP transport: headers, retries with exponential backoff, fail-over across base URLs (docs/contracts/schema-registry.md §1, §10).
 * Hand-written because Confluent's RestService is not on Maven Central.
 */
final class RegistryHttp {

    static final String MEDIA_TYPE = "application/vnd.schemaregistry.v1+json";
    /** The Java client synthesises this code for an error reply whose body is not JSON (docs/contracts/schema-registry.md §1). */
    static final int UNPARSEABLE_ERROR_CODE = 50005;

    private static final Logger LOG = LoggerFactory.getLogger(RegistryHttp.class);
    private static final Set<Integer> RETRIABLE_STATUSES = Set.of(408, 429, 500, 502, 503, 504);

    /** A final (non-retried) reply; {@code body} is null when the body was empty or not JSON. */
    record Reply(int status, JsonNode body, URI url) {

        Reply(int status, JsonNode body) {
            this(status, body, null);
        }

        boolean ok() {
            return status >= 200 && status < 300;
        }

        int errorCode() {
            return body != null && body.path("error_code").isInt() ? body.get("error_code").asInt() : UNPARSEABLE_ERROR_CODE;
        }

        String message() {
            return body == null ? "response body is not JSON" : body.path("message").asText("");
        }
    }

    /** Why an attempt failed: status and error_code are 0 for network errors. */
    private record Failure(String description, int status, int errorCode, Exception cause) {
    }

    private final RegistryClientConfig config;
    private final ObjectMapper json;
    private final HttpClient http;
    private final List<URI> baseUrls;
    /** Index of the URL that answered last, so later calls start there. */
    private volatile int preferredUrl;

    RegistryHttp(RegistryClientConfig config, ObjectMapper json) {
        this.config = config;
        this.json = json;
        this.baseUrls = config.baseUrls();
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(config.connectTimeout());
        if (config.sslContext() != null) {
            builder.sslContext(config.sslContext());
        }
        this.http = builder.build();
    }

    /**
     * Sends one request, retrying retriable failures. Returns the first non-retriable reply (2xx or an error the caller
     * maps); throws {@link RegistryUnavailableException} once retries are used up.
     */
    Reply send(String method, String pathAndQuery, JsonNode body, String subject) {
        String requestBody = body == null ? null : body.toString();
        int attempts = config.maxRetries() + 1;
        Failure last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1) {
                pause(attempt, subject);
            }
            int urlIndex = (preferredUrl + attempt - 1) % baseUrls.size();
            URI base = baseUrls.get(urlIndex);
            try {
                HttpResponse<String> response = http.send(request(base, method, pathAndQuery, requestBody),
                        HttpResponse.BodyHandlers.ofString());
                Reply reply = new Reply(response.statusCode(), parse(response.body()), base);
                if (!RETRIABLE_STATUSES.contains(reply.status())) {
                    preferredUrl = urlIndex;
                    return reply;
                }
                last = new Failure("HTTP " + reply.status() + " error_code " + reply.errorCode(), reply.status(),
                        reply.errorCode(), null);
            } catch (IOException e) {
                last = new Failure(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()),
                        0, 0, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw unavailable(method, pathAndQuery, subject, new Failure("interrupted", 0, 0, e));
            }
            LOG.warn("Schema Registry {} failed {} {} (attempt {}/{}): {}", base.getAuthority(), method, pathOnly(pathAndQuery),
                    attempt, attempts, last.description());
        }
        throw unavailable(method, pathAndQuery, subject, last);
    }

    private HttpRequest request(URI base, String method, String pathAndQuery, String body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(config.requestTimeout())
                .header("Content-Type", MEDIA_TYPE)
                .header("Confluent-Accept-Unknown-Properties", "true")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        Map<String, String> auth;
        try {
            auth = config.authHeaders().get();
        } catch (RuntimeException e) {
            // a token provider that fails is not retried here: it has its own retries and cache
            throw new RegistryAuthException("no credentials for Schema Registry at " + base.getScheme() + "://"
                    + base.getAuthority() + ": " + RegistryErrors.oneLine(e.getMessage()), 0, 0, null, e);
        }
        auth.forEach(builder::header);
        return builder.build();
    }

    private JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            return json.readTree(body);
        } catch (IOException notJson) {
            return null;
        }
    }

    private void pause(int attempt, String subject) {
        long backoff = config.retryBackoff().toMillis() << Math.min(attempt - 2, 20);
        long millis = Math.min(backoff, config.maxRetryBackoff().toMillis());
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("retry", "", subject, new Failure("interrupted while waiting to retry", 0, 0, e));
        }
    }

    private RegistryUnavailableException unavailable(String method, String pathAndQuery, String subject, Failure failure) {
        return new RegistryUnavailableException("Schema Registry is unavailable: " + method + " " + pathOnly(pathAndQuery)
                + (subject == null ? "" : " for subject '" + subject + "'") + " failed after " + (config.maxRetries() + 1)
                + " attempt(s) on " + hosts() + " (last: " + failure.description() + "); check that the registry is running and"
                + " reachable, then rerun", failure.status(), failure.errorCode(), subject, failure.cause());
    }

    private String hosts() {
        return baseUrls.stream().map(url -> url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())).toList().toString();
    }

    private static String pathOnly(String pathAndQuery) {
        int query = pathAndQuery.indexOf('?');
        return query < 0 ? pathAndQuery : pathAndQuery.substring(0, query);
    }
}
