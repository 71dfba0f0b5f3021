package io.wlabridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The HTTP bridge's consumer pool, with kafka-clients' MockConsumer: reuse, bound, closing of idle consumers. */
class ConsumerPoolTest {

    private final List<MockConsumer<byte[], byte[]>> made = new CopyOnWriteArrayList<>();
    private ConsumerPool pool;

    private ConsumerPool pool(int size, Duration idle, Duration wait) {
        pool = new ConsumerPool(() -> {
            MockConsumer<byte[], byte[]> consumer = new MockConsumer<>(OffsetResetStrategy.EARLIEST);
            made.add(consumer);
            return consumer;
        }, size, idle, wait);
        return pool;
    }

    @AfterEach
    void close() {
        if (pool != null) {
            pool.close();
        }
    }

    @Test
    void requestsOneAfterAnotherShareOneConsumer() {
        ConsumerPool consumers = pool(4, Duration.ofMinutes(1), Duration.ofSeconds(5));
        Object first = consumers.withConsumer(c -> c);
        Object second = consumers.withConsumer(c -> c);
        Object third = consumers.withConsumer(c -> c);

        assertThat(second).isSameAs(first);
        assertThat(third).isSameAs(first);
        assertThat(consumers.created()).isEqualTo(1);
        assertThat(consumers.open()).isEqualTo(1);
        assertThat(made.get(0).closed()).isFalse();
    }

    @Test
    void neverMoreConsumersThanItsSizeAndAWaitingRequestGetsAReturnedOne() throws Exception {
        ConsumerPool consumers = pool(2, Duration.ofMinutes(1), Duration.ofSeconds(30));
        CountDownLatch holding = new CountDownLatch(2);
        CountDownLatch release = new CountDownLatch(1);
        List<CompletableFuture<Object>> busy = List.of(hold(consumers, holding, release), hold(consumers, holding, release));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        CompletableFuture<Object> third = CompletableFuture.supplyAsync(() -> consumers.withConsumer(c -> c));
        // both are lent: the third request waits instead of opening a third consumer
        await().atMost(Duration.ofSeconds(10)).until(() -> consumers.waiting() == 1);
        assertThat(third).isNotDone();
        assertThat(consumers.created()).isEqualTo(2);

        release.countDown();
        Object lent = third.get(10, TimeUnit.SECONDS);
        assertThat(lent).isIn(busy.get(0).get(10, TimeUnit.SECONDS), busy.get(1).get(10, TimeUnit.SECONDS));
        assertThat(consumers.created()).isEqualTo(2);
        assertThat(consumers.open()).isEqualTo(2);
    }

    @Test
    void aRequestThatFindsAllConsumersBusyForTooLongIsA503() throws Exception {
        ConsumerPool consumers = pool(1, Duration.ofMinutes(1), Duration.ofMillis(50));
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Object> busy = hold(consumers, holding, release);
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();

        assertThatThrownBy(() -> consumers.withConsumer(c -> c)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503)).hasMessageContaining("wla.api.consumer-pool-size");
        release.countDown();
        busy.get(10, TimeUnit.SECONDS);
        assertThat(consumers.created()).isEqualTo(1);
    }

    @Test
    void consumersUnusedForTheIdleTimeAreClosedAndANewRequestOpensAFreshOne() {
        ConsumerPool consumers = pool(4, Duration.ofMillis(100), Duration.ofSeconds(5));
        consumers.withConsumer(c -> c);
        assertThat(consumers.open()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(10)).until(() -> consumers.open() == 0);
        assertThat(made.get(0).closed()).isTrue();

        consumers.withConsumer(c -> c);
        assertThat(consumers.created()).isEqualTo(2);
        assertThat(made.get(1).closed()).isFalse();
    }

    @Test
    void aConsumerWhoseRequestFailedIsClosedNotLentAgain() {
        ConsumerPool consumers = pool(4, Duration.ofMinutes(1), Duration.ofSeconds(5));
        assertThatThrownBy(() -> consumers.withConsumer(c -> {
            throw new IllegalStateException("poll failed");
        })).hasMessage("poll failed");

        assertThat(made.get(0).closed()).isTrue();
        // Commons Pool puts a fresh consumer in its place (a KafkaConsumer connects only once used)
        assertThat(consumers.open()).isLessThanOrEqualTo(1);
        Object next = consumers.withConsumer(c -> c);
        assertThat(next).isSameAs(made.get(1)).isNotSameAs(made.get(0));
        assertThat(made.get(1).closed()).isFalse();
    }

    @Test
    void closingThePoolClosesItsIdleConsumersAndRefusesNewRequests() {
        ConsumerPool consumers = pool(4, Duration.ofMinutes(1), Duration.ofSeconds(5));
        consumers.withConsumer(c -> c);
        consumers.close();

        assertThat(made.get(0).closed()).isTrue();
        assertThat(consumers.open()).isZero();
        assertThatThrownBy(() -> consumers.withConsumer(c -> c)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(503));
    }

    private static CompletableFuture<Object> hold(ConsumerPool consumers, CountDownLatch holding, CountDownLatch release) {
        return CompletableFuture.supplyAsync(() -> consumers.withConsumer(c -> {
            holding.countDown();
            try {
                assertThat(release.await(30, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return c;
        }));
    }
}
