package io.wlabridge.registry;

import java.net.URI;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/**
 * Settings of {@link SchemaRegistryClient}; defaults mirror Confluent's client (docs/contracts/schema-registry.md §10).
 *
 * @param baseUrls        one or more registry URLs; on retriable errors the client fails over to the next
 * @param connectTimeout  TCP/TLS connect timeout, default {@link #DEFAULT_CONNECT_TIMEOUT}
 * @param requestTimeout  whole-request timeout, default {@link #DEFAULT_REQUEST_TIMEOUT}
 * @param maxRetries      retries after the first attempt on 408/429/5xx/network errors, default {@link #DEFAULT_MAX_RETRIES}
 * @param retryBackoff    wait before the first retry, doubled per retry, default {@link #DEFAULT_RETRY_BACKOFF}
 * @param maxRetryBackoff upper bound of that wait, default {@link #DEFAULT_MAX_RETRY_BACKOFF}
 * @param authHeaders     extra headers per request (see {@link RegistryAuth}), default none
 * @param sslContext      TLS context for https URLs, or null for the JVM's default trust
 */
public record RegistryClientConfig(List<URI> baseUrls, Duration connectTimeout, Duration requestTimeout, int maxRetries,
                                   Duration retryBackoff, Duration maxRetryBackoff,
                                   Supplier<Map<String, String>> authHeaders, SSLContext sslContext) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** Confluent's {@code max.retries}. */
    public static final int DEFAULT_MAX_RETRIES = 3;
    /** Confluent's {@code retries.wait.ms}. */
    public static final Duration DEFAULT_RETRY_BACKOFF = Duration.ofSeconds(1);
    /** Confluent's {@code retries.max.wait.ms}. */
    public static final Duration DEFAULT_MAX_RETRY_BACKOFF = Duration.ofSeconds(20);

    public RegistryClientConfig {
        baseUrls = List.copyOf(baseUrls);
        if (baseUrls.isEmpty()) {
            throw new IllegalArgumentException("Schema Registry URL is missing; set at least one http(s) URL");
        }
        baseUrls.forEach(RegistryClientConfig::checkUrl);
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(retryBackoff, "retryBackoff");
        Objects.requireNonNull(maxRetryBackoff, "maxRetryBackoff");
        Objects.requireNonNull(authHeaders, "authHeaders");
        if (maxRetries < 0) {
            throw new IllegalArgumentException("maxRetries must be >= 0 but is " + maxRetries);
        }
    }

    /** Defaults for everything but the URLs, given as one string, comma-separated for several. */
    public static RegistryClientConfig of(String commaSeparatedUrls) {
        List<URI> urls = Arrays.stream(commaSeparatedUrls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> URI.create(url.endsWith("/") ? url.substring(0, url.length() - 1) : url))
                .toList();
        return new RegistryClientConfig(urls, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT, DEFAULT_MAX_RETRIES,
                DEFAULT_RETRY_BACKOFF, DEFAULT_MAX_RETRY_BACKOFF, RegistryAuth.none(), null);
    }

    public RegistryClientConfig withAuth(Supplier<Map<String, String>> auth) {
        return new RegistryClientConfig(baseUrls, connectTimeout, requestTimeout, maxRetries, retryBackoff, maxRetryBackoff, auth, sslContext);
    }

    public RegistryClientConfig withTimeouts(Duration connect, Duration request) {
        return new RegistryClientConfig(baseUrls, connect, request, maxRetries, retryBackoff, maxRetryBackoff, authHeaders, sslContext);
    }

    public RegistryClientConfig withRetries(int retries, Duration backoff, Duration maxBackoff) {
        return new RegistryClientConfig(baseUrls, connectTimeout, requestTimeout, retries, backoff, maxBackoff, authHeaders, sslContext);
    }

    /** Trust (and keys) for https registry URLs; null: the JVM's default. */
    public RegistryClientConfig withSslContext(SSLContext context) {
        return new RegistryClientConfig(baseUrls, connectTimeout, requestTimeout, maxRetries, retryBackoff, maxRetryBackoff,
                authHeaders, context);
    }

    @Override
    public String toString() {
        // auth is shown by its own toString (RegistryAuth names the scheme only); other suppliers are not printed
        String auth = authHeaders instanceof RegistryAuth ? authHeaders.toString() : "custom";
        return "RegistryClientConfig[baseUrls=" + baseUrls + ", connectTimeout=" + connectTimeout
                + ", requestTimeout=" + requestTimeout + ", maxRetries=" + maxRetries + ", retryBackoff=" + retryBackoff
                + ", maxRetryBackoff=" + maxRetryBackoff + ", auth=" + auth + ", tls=" + (sslContext == null ? "default" : "custom") + "]";
    }

    private static void checkUrl(URI url) {
        if (url.getRawUserInfo() != null) {
            // credentials in the URL would end up in logs and exception messages
            throw new IllegalArgumentException("Schema Registry URL for host " + url.getHost()
                    + " contains credentials; remove them from the URL and configure basic auth instead");
        }
        if (url.getScheme() == null || !url.getScheme().matches("(?i)https?") || url.getHost() == null) {
            throw new IllegalArgumentException("Schema Registry URL '" + url + "' is not an http(s) URL with a host");
        }
    }
}
