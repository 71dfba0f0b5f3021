package io.wlabridge.job;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Test hook for the crash tests: with system property {@code wla.test.crash-at=<point>:<n>} the process stops at the
 * n-th time it reaches the point (prints {@code WLA-CRASH-POINT <point>} on stderr and waits to be killed). Without
 * the property it costs one field read. Points: fetch (a chunk was read), before-kafka-commit,
 * after-kafka-commit (before the sent ledger is written), reconcile (a ledger record was reconciled).
 */
public final class CrashPoint {

    private static final String SETTING = System.getProperty("wla.test.crash-at");
    private static final AtomicInteger REACHED = new AtomicInteger();

    private CrashPoint() {
    }

    static void reached(String point) {
        if (SETTING == null || !SETTING.startsWith(point + ":")) {
            return;
        }
        int n = Integer.parseInt(SETTING.substring(point.length() + 1));
        if (REACHED.incrementAndGet() == n) {
            System.err.println("WLA-CRASH-POINT " + point);
            System.err.flush();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
