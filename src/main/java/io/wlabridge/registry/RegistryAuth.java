package io.wlabridge.registry;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Extra request headers that authenticate us to the registry (docs/contracts/schema-registry.md §9). Called per request, so a bearer token
 * supplier can refresh its token. {@link #toString()} names the scheme only, never credentials.
 */
public final class RegistryAuth implements Supplier<Map<String, String>> {

    private final String scheme;
    private final Supplier<Map<String, String>> headers;

    private RegistryAuth(String scheme, Supplier<Map<String, String>> headers) {
        this.scheme = scheme;
        this.headers = headers;
    }

    public static RegistryAuth none() {
        return new RegistryAuth("none", Map::of);
    }

    /** {@code Authorization: Basic base64(user:password)}; on Confluent Cloud user = API key, password = API secret. */
    public static RegistryAuth basic(String user, String password) {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
        String credentials = Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        Map<String, String> fixed = Map.of("Authorization", "Basic " + credentials);
        return new RegistryAuth("basic", () -> fixed);
    }

    /**
     * {@code Authorization: Bearer <token>}, plus Confluent Cloud's {@code target-sr-cluster} and
     * {@code Confluent-Identity-Pool-Id} when given (null or blank = not sent).
     */
    public static RegistryAuth bearer(Supplier<String> token, String logicalCluster, String identityPoolId) {
        Objects.requireNonNull(token, "token");
        return new RegistryAuth("bearer", () -> {
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Authorization", "Bearer " + token.get());
            putIfPresent(headers, "target-sr-cluster", logicalCluster);
            putIfPresent(headers, "Confluent-Identity-Pool-Id", identityPoolId);
            return headers;
        });
    }

    @Override
    public Map<String, String> get() {
        return headers.get();
    }

    @Override
    public String toString() {
        return "RegistryAuth[" + scheme + "]";
    }

    private static void putIfPresent(Map<String, String> headers, String name, String value) {
        if (value != null && !value.isBlank()) {
            headers.put(name, value);
        }
    }
}
