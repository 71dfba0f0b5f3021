package io.wlabridge.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current PLAIN/SCRAM password per Kafka user, when it was rotated after the clients were configured. Kafka keeps
 * {@code sasl.jaas.config} for a client's life; {@link RotatingPasswordCallbackHandler} asks here on every login, so
 * new connections and re-authentications use the rotated password without rebuilding the clients.
 */
public final class SaslPasswords {

    private static final Map<String, String> ROTATED = new ConcurrentHashMap<>();

    private SaslPasswords() {
    }

    /** From now on, logins of {@code username} use {@code password}. */
    public static void rotate(String username, String password) {
        ROTATED.put(username, password);
    }

    /** Back to the configured password (tests). */
    public static void forget(String username) {
        ROTATED.remove(username);
    }

    /** The password the next login of {@code username} uses: the rotated one, else {@code configured}. */
    public static String current(String username, String configured) {
        return ROTATED.getOrDefault(username, configured);
    }
}
