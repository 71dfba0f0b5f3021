package io.wlabridge.api;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP bridge's Kafka consumers for consume requests: at most {@code size} at once, reused by the requests that
 * follow (a new consumer per request cost a connection and a metadata fetch each time), closed once unused for
 * {@code idle}. A consumer is lent to one request at a time; one whose request failed is closed rather than lent
 * again (its state is unknown). Thread-safe.
 */
final class ConsumerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerPool.class);

    private record Idle(Consumer<byte[], byte[]> consumer, long sinceNanos) {
    }

    private final Supplier<Consumer<byte[], byte[]>> factory;
    private final int size;
    private final long idleNanos;
    private final Duration wait;
    private final Semaphore lendable;
    /** Unused consumers, the most recently returned first; guarded by itself. */
    private final Deque<Idle> idle = new ArrayDeque<>();
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final ScheduledExecutorService closer;
    private volatile boolean closed;

    /**
     * @param size most consumers at once, lent or idle
     * @param idle how long a consumer may stay unused before it is closed
     * @param wait how long a request waits for a consumer when all are lent (then 503)
     */
    ConsumerPool(Supplier<Consumer<byte[], byte[]>> factory, int size, Duration idle, Duration wait) {
        if (size < 1 || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("consumer pool size and idle time must be positive");
        }
        this.factory = factory;
        this.size = size;
        this.idleNanos = idle.toNanos();
        this.wait = wait;
        this.lendable = new Semaphore(size, true);
        this.closer = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "wla-api-consumer-pool");
            thread.setDaemon(true);
            return thread;
        });
        long period = Math.max(10, Math.min(idle.toMillis() / 2, 10_000));
        closer.scheduleWithFixedDelay(this::closeIdle, period, period, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} with a consumer of the pool (an idle one, else a new one), then takes the consumer back. */
    <T> T withConsumer(Function<Consumer<byte[], byte[]>, T> work) {
        acquire();
        try {
            Consumer<byte[], byte[]> consumer = take();
            T result;
            try {
                result = work.apply(consumer);
            } catch (RuntimeException | Error e) {
                close(consumer);
                throw e;
            }
            giveBack(consumer);
            return result;
        } finally {
            lendable.release();
        }
    }

    private void acquire() {
        try {
            if (!lendable.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new ApiException(503, 50301, "All " + size + " consumers are busy (wla.api.consumer-pool-size);"
                        + " try again later");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, 50301, "Interrupted while waiting for a consumer; try again later");
        }
        if (closed) {
            lendable.release();
            throw new ApiException(503, 50301, "The HTTP bridge is stopping; try again later");
        }
    }

    private Consumer<byte[], byte[]> take() {
        synchronized (idle) {
            Idle first = idle.pollFirst();
            if (first != null) {
                return first.consumer();
            }
        }
        Consumer<byte[], byte[]> consumer = factory.get();
        created.incrementAndGet();
        open.incrementAndGet();
        return consumer;
    }

    private void giveBack(Consumer<byte[], byte[]> consumer) {
        synchronized (idle) {
            if (!closed) {
                idle.addFirst(new Idle(consumer, System.nanoTime()));
                return;
            }
        }
        close(consumer);
    }

    /** Closes the consumers unused for longer than the idle time. */
    void closeIdle() {
        long now = System.nanoTime();
        while (true) {
            Idle oldest;
            synchronized (idle) {
                oldest = idle.peekLast();
                if (oldest == null || now - oldest.sinceNanos() < idleNanos) {
                    return;
                }
                idle.pollLast();
            }
            close(oldest.consumer());
        }
    }

    private void close(Consumer<byte[], byte[]> consumer) {
        open.decrementAndGet();
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (RuntimeException e) {
            LOG.warn("HTTP bridge: closing a Kafka consumer failed: {}", e.toString());
        }
    }

    /** Consumers created since the start. */
    long created() {
        return created.get();
    }

    /** Requests waiting for a consumer now. */
    int waiting() {
        return lendable.getQueueLength();
    }

    /** Consumers open now, lent or idle. */
    long open() {
        return open.get();
    }

    /** Closes the idle consumers now, lent ones when their request ends. */
    @Override
    public void close() {
        closed = true;
        closer.shutdownNow();
        while (true) {
            Idle next;
            synchronized (idle) {
                next = idle.pollFirst();
            }
            if (next == null) {
                return;
            }
            close(next.consumer());
        }
    }
}
