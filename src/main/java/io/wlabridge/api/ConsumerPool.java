package io.wlabridge.api;

import java.time.Duration;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.pool2.BasePooledObjectFactory;
import org.apache.commons.pool2.PooledObject;
import org.apache.commons.pool2.impl.DefaultPooledObject;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP bridge's Kafka consumers for consume requests: at most {@code size} at once, reused by the requests that
 * follow (a new consumer per request cost a connection and a metadata fetch each time), closed once unused for
 * {@code idle}. A consumer is lent to one request at a time; one whose request failed is closed rather than lent
 * again (its state is unknown). Apache Commons Pool's {@link GenericObjectPool} does the pooling. Thread-safe.
 */
final class ConsumerPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ConsumerPool.class);

    private final int size;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong open = new AtomicLong();
    private final GenericObjectPool<Consumer<byte[], byte[]>> pool;

    /**
     * @param size most consumers at once, lent or idle
     * @param idle how long a consumer may stay unused before it is closed
     * @param wait how long a request waits for a consumer when all are lent (then 503)
     */
    ConsumerPool(Supplier<Consumer<byte[], byte[]>> factory, int size, Duration idle, Duration wait) {
        if (size < 1 || idle.isNegative() || idle.isZero()) {
            throw new IllegalArgumentException("consumer pool size and idle time must be positive");
        }
        this.size = size;
        GenericObjectPoolConfig<Consumer<byte[], byte[]>> config = new GenericObjectPoolConfig<>();
        config.setMaxTotal(size);
        config.setMaxIdle(size);
        config.setMinIdle(0);
        config.setLifo(true);
        config.setFairness(true);
        config.setBlockWhenExhausted(true);
        config.setMaxWait(wait);
        config.setMinEvictableIdleDuration(idle);
        config.setNumTestsPerEvictionRun(size);
        config.setTimeBetweenEvictionRuns(Duration.ofMillis(Math.max(10, Math.min(idle.toMillis() / 2, 10_000))));
        config.setJmxEnabled(false);
        this.pool = new GenericObjectPool<>(new BasePooledObjectFactory<>() {
            @Override
            public Consumer<byte[], byte[]> create() {
                Consumer<byte[], byte[]> consumer = factory.get();
                created.incrementAndGet();
                open.incrementAndGet();
                return consumer;
            }

            @Override
            public PooledObject<Consumer<byte[], byte[]>> wrap(Consumer<byte[], byte[]> consumer) {
                return new DefaultPooledObject<>(consumer);
            }

            @Override
            public void destroyObject(PooledObject<Consumer<byte[], byte[]>> pooled) {
                open.decrementAndGet();
                try {
                    pooled.getObject().close(Duration.ofSeconds(5));
                } catch (RuntimeException e) {
                    LOG.warn("HTTP bridge: closing a Kafka consumer failed: {}", e.toString());
                }
            }
        }, config);
    }

    /** Runs {@code work} with a consumer of the pool (an idle one, else a new one), then takes the consumer back. */
    <T> T withConsumer(Function<Consumer<byte[], byte[]>, T> work) {
        Consumer<byte[], byte[]> consumer = borrow();
        T result;
        try {
            result = work.apply(consumer);
        } catch (RuntimeException | Error e) {
            invalidate(consumer);
            throw e;
        }
        pool.returnObject(consumer);
        return result;
    }

    private Consumer<byte[], byte[]> borrow() {
        if (pool.isClosed()) {
            throw new ApiException(503, 50301, "The HTTP bridge is stopping; try again later");
        }
        try {
            return pool.borrowObject();
        } catch (NoSuchElementException e) {
            throw new ApiException(503, 50301, "All " + size + " consumers are busy (wla.api.consumer-pool-size);"
                    + " try again later");
        } catch (IllegalStateException e) {
            throw new ApiException(503, 50301, "The HTTP bridge is stopping; try again later");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a Kafka consumer: " + e.getMessage(), e);
        }
    }

    private void invalidate(Consumer<byte[], byte[]> consumer) {
        try {
            pool.invalidateObject(consumer);
        } catch (Exception e) {
            LOG.warn("HTTP bridge: closing a Kafka consumer failed: {}", e.toString());
        }
    }

    /** Closes the consumers unused for longer than the idle time now (the pool also does so on its own timer). */
    void closeIdle() {
        try {
            pool.evict();
        } catch (Exception e) {
            LOG.warn("HTTP bridge: closing idle Kafka consumers failed: {}", e.toString());
        }
    }

    /** Consumers created since the start. */
    long created() {
        return created.get();
    }

    /** Requests waiting for a consumer now. */
    int waiting() {
        return pool.getNumWaiters();
    }

    /** Consumers open now, lent or idle. */
    long open() {
        return open.get();
    }

    /** Closes the idle consumers now, lent ones when their request ends. */
    @Override
    public void close() {
        pool.close();
    }
}
