package io.wlabridge.api;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A token bucket per client: {@code burst} requests at once, refilled at {@code perSecond}. Hand-written because no
 * rate-limiting library (Bucket4j, Resilience4j's RateLimiter is per limiter, not per key) resolves from the build's
 * Maven mirror, and a bucket is a dozen lines.
 */
public final class ClientRateLimiter {

    private final double perSecond;
    private final double burst;
    private final ConcurrentMap<String, Bucket> buckets = new ConcurrentHashMap<>();
    private final java.util.function.LongSupplier nanoClock;

    public ClientRateLimiter(double perSecond, double burst) {
        this(perSecond, burst, System::nanoTime);
    }

    ClientRateLimiter(double perSecond, double burst, java.util.function.LongSupplier nanoClock) {
        if (perSecond <= 0 || burst < 1) {
            throw new IllegalArgumentException("the rate must be positive and the burst at least 1");
        }
        this.perSecond = perSecond;
        this.burst = burst;
        this.nanoClock = nanoClock;
    }

    /** Takes one request from the client's bucket; 0 when allowed, else the seconds to wait (at least 1). */
    public long acquire(String clientId) {
        if (buckets.size() > 100_000) {
            // a flood of distinct client ids must not grow the map without bound; full buckets carry no state
            buckets.clear();
        }
        return buckets.computeIfAbsent(clientId, id -> new Bucket(burst, nanoClock.getAsLong())).take();
    }

    private final class Bucket {
        private double tokens;
        private long last;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.last = now;
        }

        synchronized long take() {
            long now = nanoClock.getAsLong();
            tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
            last = now;
            if (tokens >= 1) {
                tokens -= 1;
                return 0;
            }
            return Math.max(1, (long) Math.ceil((1 - tokens) / perSecond));
        }
    }
}
