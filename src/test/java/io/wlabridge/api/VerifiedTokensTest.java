package io.wlabridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Set;

import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final ApiCaller caller = new ApiCaller("client-a", "sub-a", Set.of("client:client-a"));
    private Instant now = NOW;
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private final VerifiedTokens tokens = new VerifiedTokens(clock, 30);

    @Test
    void aVerifiedTokenIsKnownUntilItExpiresPlusTheClockSkew() {
        tokens.verified("token-a", Date.from(NOW.plusSeconds(60)), caller);
        assertSame(caller, tokens.caller("token-a"));
        assertNull(tokens.caller("token-a-changed"), "another token text is checked anew");

        now = NOW.plusSeconds(89);
        assertSame(caller, tokens.caller("token-a"), "exp 60 s + 30 s skew: still accepted, as the full check would");
        now = NOW.plusSeconds(90);
        assertNull(tokens.caller("token-a"), "expired beyond the skew: checked again (and refused there)");
        assertEquals(0, tokens.size(), "an expired token is dropped");
    }

    @Test
    void aLongLivedTokenIsCheckedAgainAfterFiveMinutes() {
        tokens.verified("token-b", Date.from(NOW.plus(Duration.ofHours(8))), caller);
        now = NOW.plus(VerifiedTokens.MAX_AGE).minusMillis(1);
        assertSame(caller, tokens.caller("token-b"));
        now = NOW.plus(VerifiedTokens.MAX_AGE);
        assertNull(tokens.caller("token-b"));
    }

    @Test
    void aTokenAlreadyExpiredIsNotKeptAndAFullMapStartsOver() {
        tokens.verified("token-old", Date.from(NOW.minusSeconds(31)), caller);
        assertEquals(0, tokens.size());

        for (int i = 0; i < VerifiedTokens.MAX_TOKENS; i++) {
            tokens.verified("token-" + i, Date.from(NOW.plusSeconds(600)), caller);
        }
        assertEquals(VerifiedTokens.MAX_TOKENS, tokens.size());
        tokens.verified("one-more", Date.from(NOW.plusSeconds(600)), caller);
        assertEquals(1, tokens.size(), "memory stays bounded however many clients there are");
        assertSame(caller, tokens.caller("one-more"));
    }

    @Test
    void aTokenDifferingOnlyBeforeItsHashedEndIsCheckedAnew() {
        String end = "s".repeat(VerifiedTokens.Key.HASHED);
        tokens.verified("header-a." + end, Date.from(NOW.plusSeconds(600)), caller);
        assertSame(caller, tokens.caller("header-a." + end));
        assertNull(tokens.caller("header-b." + end), "same hash, another text: not the verified token");
        assertNull(tokens.caller(end), "its end alone is not it either");
    }
}
