package io.wlabridge.kafka;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Kafka credentials rotated after the clients were configured: the PLAIN/SCRAM password per user and the OAuth client
 * secret per client id. Kafka keeps {@code sasl.jaas.config} for a client's life; the bridge's callback handlers
 * ({@link RotatingPasswordCallbackHandler}, {@link EntraTokenCallbackHandler}) ask here on every login or token
 * request, so a secret rotated in Key Vault is used without rebuilding the clients.
 */
public final class RotatedCredentials {

    private static final Map<String, String> SASL_PASSWORDS = new ConcurrentHashMap<>();
    private static final Map<String, String> CLIENT_SECRETS = new ConcurrentHashMap<>();

    private RotatedCredentials() {
    }

    /** From now on, PLAIN/SCRAM logins of {@code username} use {@code password}. */
    public static void rotateSaslPassword(String username, String password) {
        SASL_PASSWORDS.put(username, password);
    }

    /** The password the next login of {@code username} uses: the rotated one, else {@code configured}. */
    public static String saslPassword(String username, String configured) {
        return SASL_PASSWORDS.getOrDefault(username, configured);
    }

    /** From now on, token requests of OAuth client {@code clientId} use {@code secret}. */
    public static void rotateClientSecret(String clientId, String secret) {
        CLIENT_SECRETS.put(clientId, secret);
    }

    /** The secret the next token request of {@code clientId} uses: the rotated one, else {@code configured}. */
    public static String clientSecret(String clientId, String configured) {
        return CLIENT_SECRETS.getOrDefault(clientId, configured);
    }

    /** Back to the configured credentials of this user or client (tests). */
    public static void forget(String userOrClientId) {
        SASL_PASSWORDS.remove(userOrClientId);
        CLIENT_SECRETS.remove(userOrClientId);
    }
}
