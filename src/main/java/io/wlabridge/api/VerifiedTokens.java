package io.wlabridge.api;

import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens already verified, with the caller each names, until the token expires and for at most
 * {@link #MAX_AGE}: a client sends the same token with every request until it renews it, and checking it again (an RSA
 * signature, Base64 and JSON) was four tenths of the HTTP bridge's CPU per request (JFR, bench/README.md). The same
 * as Envoy's {@code jwt_cache_config}. Only a token that passed every check is kept, under its full text, so a token
 * changed in any byte is checked anew; {@link #MAX_AGE} is below the JWK cache's 15 minutes, so keeping a token adds
 * nothing to how long a withdrawn signing key is still trusted. A map cleared when full, not a cache library:
 * Caffeine reaches the project only through the embedded broker's Kafka (2.9), and the size never needs more.
 * Keyed by {@link Key}: the header's token is a new string per request, and String.hashCode over its 800-odd
 * characters, twice per produce request, was 5 % of the event loop's time (JFR).
 * Thread-safe.
 */
final class VerifiedTokens {

    /** Longest a token is taken as verified without a new check. */
    static final Duration MAX_AGE = Duration.ofMinutes(5);
    /** Tokens kept at most; beyond, the map starts over (each token is then checked once more). */
    static final int MAX_TOKENS = 10_000;

    private record Verified(ApiCaller caller, long until) {
    }

    /**
     * A token as map key: hashed over its last {@link #HASHED} characters only (a JWT ends in its signature, as varied
     * as any part of it), equal only to the same full text.
     */
    static final class Key {
        static final int HASHED = 64;
        private final String token;
        private final int hash;

        Key(String token) {
            this.token = token;
            int h = 0;
            for (int i = Math.max(0, token.length() - HASHED); i < token.length(); i++) {
                h = 31 * h + token.charAt(i);
            }
            this.hash = h;
        }

        @Override
        public int hashCode() {
            return hash;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && key.token.equals(token);
        }
    }

    private final ConcurrentHashMap<Key, Verified> tokens = new ConcurrentHashMap<>();
    private final Clock clock;
    private final long clockSkewMillis;

    VerifiedTokens(Clock clock, int clockSkewSeconds) {
        this.clock = clock;
        this.clockSkewMillis = clockSkewSeconds * 1000L;
    }

    /** The caller of a token verified before and not yet expired, else null (check it). */
    ApiCaller caller(String token) {
        Key key = new Key(token);
        Verified verified = tokens.get(key);
        if (verified == null) {
            return null;
        }
        if (clock.millis() >= verified.until()) {
            tokens.remove(key, verified);
            return null;
        }
        return verified.caller();
    }

    /** Keeps a token that passed every check, until its exp (plus the clock skew the check allows) or MAX_AGE. */
    void verified(String token, Date expires, ApiCaller caller) {
        long now = clock.millis();
        long until = Math.min(expires.getTime() + clockSkewMillis, now + MAX_AGE.toMillis());
        if (until <= now) {
            return;
        }
        if (tokens.size() >= MAX_TOKENS) {
            tokens.clear();
        }
        tokens.put(new Key(token), new Verified(caller, until));
    }

    /** Tokens kept (for tests). */
    int size() {
        return tokens.size();
    }
}
