package io.wlabridge.kafka;

import java.io.IOException;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.security.auth.callback.Callback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;

import org.apache.kafka.common.security.auth.AuthenticateCallbackHandler;
import org.apache.kafka.common.security.auth.SaslExtensions;
import org.apache.kafka.common.security.auth.SaslExtensionsCallback;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerToken;
import org.apache.kafka.common.security.oauthbearer.OAuthBearerTokenCallback;
import org.apache.kafka.common.security.oauthbearer.internals.secured.BasicOAuthBearerToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Kafka's SASL/OAUTHBEARER login callback: gets access tokens from Entra ID through msal4j (client secret, client
 * certificate in PEM or PFX, or the host's managed identity), or from any other OpenID Connect issuer at the token
 * endpoint of its discovery document ({@link TokenSource}). The token is cached and fetched anew when it nears expiry;
 * Kafka's refreshing login calls back in time.
 * Configured by the JAAS options {@link KafkaSecurity} writes into {@code sasl.jaas.config}.
 */
public final class EntraTokenCallbackHandler implements AuthenticateCallbackHandler {

    private static final Logger LOG = LoggerFactory.getLogger(EntraTokenCallbackHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private EntraTokenSettings settings;

    @Override
    public void configure(Map<String, ?> configs, String saslMechanism, List<AppConfigurationEntry> jaasConfigEntries) {
        if (!"OAUTHBEARER".equals(saslMechanism) || jaasConfigEntries.size() != 1) {
            throw new IllegalArgumentException("EntraTokenCallbackHandler serves OAUTHBEARER with one JAAS entry, not "
                    + saslMechanism);
        }
        settings = EntraTokenSettings.from(jaasConfigEntries.get(0).getOptions());
        settings.validate();
        // the token source is set up now (an OIDC issuer is asked for its discovery document here)
        TokenSource.of(settings.withRotatedSecret());
        LOG.debug("OAUTHBEARER tokens from {}", settings);
    }

    @Override
    public void handle(Callback[] callbacks) throws IOException, UnsupportedCallbackException {
        for (Callback callback : callbacks) {
            if (callback instanceof OAuthBearerTokenCallback tokenCallback) {
                try {
                    tokenCallback.token(token());
                } catch (IOException e) {
                    // an error on the callback becomes the message of Kafka's LoginException; a thrown one is hidden
                    tokenCallback.error("token_request_failed", e.getMessage(), null);
                }
            } else if (callback instanceof SaslExtensionsCallback extensionsCallback) {
                Map<String, String> extensions = new HashMap<>();
                if (!settings.logicalCluster().isEmpty()) {
                    extensions.put("logicalCluster", settings.logicalCluster());
                }
                if (!settings.identityPoolId().isEmpty()) {
                    extensions.put("identityPoolId", settings.identityPoolId());
                }
                extensionsCallback.extensions(new SaslExtensions(extensions));
            } else {
                throw new UnsupportedCallbackException(callback);
            }
        }
    }

    private OAuthBearerToken token() throws IOException {
        TokenSource.AccessToken result;
        try {
            result = TokenSource.of(settings.withRotatedSecret()).acquire();
        } catch (IOException e) {
            throw new IOException("no OAuth token for " + who() + " from " + settings.authority() + " (scope "
                    + settings.scope() + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while getting an OAuth token", e);
        } catch (RuntimeException e) {
            throw new IOException("no OAuth token for " + who() + ": " + e.getMessage(), e);
        }
        return bearerToken(result.value(), settings.scope(), result.expiresAtMs());
    }

    /** The token as Kafka wants it; principal from the JWT's sub, appid or azp claim. */
    static OAuthBearerToken bearerToken(String accessToken, String scope, long expiresAtMs) throws IOException {
        String[] parts = accessToken.split("\\.");
        if (parts.length < 2) {
            throw new IOException("the OAuth token is not a JWT");
        }
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        String principal = null;
        for (String claim : List.of("sub", "appid", "azp")) {
            if (claims.hasNonNull(claim)) {
                principal = claims.get(claim).asText();
                break;
            }
        }
        if (principal == null) {
            throw new IOException("the OAuth token has none of the claims sub, appid, azp to name its principal");
        }
        Long issuedAt = claims.hasNonNull("iat") ? claims.get("iat").asLong() * 1000 : null;
        return new BasicOAuthBearerToken(accessToken, Set.of(scope), expiresAtMs, principal, issuedAt);
    }

    private String who() {
        return settings.managedIdentity() ? "the managed identity" : "client " + settings.clientId();
    }

    @Override
    public void close() {
        // msal4j holds no resources that need closing
    }
}
