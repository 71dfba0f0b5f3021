package io.wlabridge.kafka;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the access tokens of one identity come from: msal4j for Entra ID authorities and managed identities
 * ({@link EntraTokenSource}), the issuer's discovery document for any other OpenID Connect issuer
 * ({@link OidcTokenSource}). One per identity in the JVM, so every producer, consumer and registry client of the
 * bridge shares its cached token.
 */
interface TokenSource {

    /** An access token (a credential: never logged) and when it expires. */
    record AccessToken(String value, long expiresAtMs) {
        @Override
        public String toString() {
            return "AccessToken[expiresAtMs=" + expiresAtMs + "]";
        }
    }

    /** A cached token, or a new one when the cached one nears expiry; the issuer's refusal as the message. */
    AccessToken acquire() throws IOException, InterruptedException;

    /** The source of these settings, set up on first use (an OIDC issuer is asked for its discovery document then). */
    static TokenSource of(EntraTokenSettings settings) {
        return Sources.ALL.computeIfAbsent(settings, s -> s.managedIdentity() || s.entraAuthority()
                ? EntraTokenSource.create(s) : OidcTokenSource.create(s));
    }

    /** The sources by settings (an interface cannot hold a private field). */
    final class Sources {
        static final Map<EntraTokenSettings, TokenSource> ALL = new ConcurrentHashMap<>();

        private Sources() {
        }
    }
}
