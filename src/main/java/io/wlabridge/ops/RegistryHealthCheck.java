package io.wlabridge.ops;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Readiness: the Schema Registry answers HTTP. Any answer below 500 counts (a registry that wants credentials for
 * {@code /subjects} still answers 401); connection errors and 5xx do not.
 */
public final class RegistryHealthCheck extends AbstractHealthCheck {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final URI subjects;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public RegistryHealthCheck(String registryUrls) {
        super("wla", "registry");
        String first = registryUrls.split(",")[0].trim();
        this.subjects = URI.create((first.endsWith("/") ? first : first + "/") + "subjects");
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        try {
            int status = http.send(HttpRequest.newBuilder(subjects).timeout(TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status < 500) {
                builder.up();
            } else {
                builder.down().message("registry answered HTTP " + status + " - check wla.registry.url");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("interrupted");
        } catch (Exception e) {
            builder.down().message("registry unreachable: " + e + " - check wla.registry.url");
        }
    }
}
