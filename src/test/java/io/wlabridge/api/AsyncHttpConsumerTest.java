package io.wlabridge.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpServerConfiguration;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.AsyncProcessorSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.VertxOptions;
import io.wlabridge.testing.JobFixture;

/**
 * {@link AsyncHttpEngine} and {@link AsyncHttpConsumer} on a real platform-http server with one worker thread: a route
 * whose asynchronous step has not completed holds no thread (a route on Camel's own consumer, which needs the one
 * worker, answers meanwhile), and its answer is written when another thread completes it, as Kafka's producer does.
 */
class AsyncHttpConsumerTest {

    /** The waiting route's exchange and callback, once it has handed its work over. */
    private record Waiting(Exchange exchange, AsyncCallback callback) {
    }

    private final CompletableFuture<Waiting> waiting = new CompletableFuture<>();
    private final List<String> completions = new CopyOnWriteArrayList<>();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private DefaultCamelContext context;
    private String base;

    @BeforeEach
    void start() throws Exception {
        int port = JobFixture.closedPort();
        base = "http://127.0.0.1:" + port;
        context = new DefaultCamelContext();
        context.getRegistry().bind("vertxOptions", new VertxOptions().setWorkerPoolSize(1));
        context.getRegistry().bind("platform-http-engine", new AsyncHttpEngine(Set.of("/waits", "/fails", "/where"),
                exchange -> "yes".equals(exchange.getMessage().getHeader("X-Nothing-Blocks"))));
        VertxPlatformHttpServerConfiguration configuration = new VertxPlatformHttpServerConfiguration();
        configuration.setBindHost("127.0.0.1");
        configuration.setBindPort(port);
        context.addService(new VertxPlatformHttpServer(configuration));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                onCompletion().process(e -> completions.add(e.getFromRouteId() + " "
                        + e.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class)));
                from("platform-http:/waits?httpMethodRestrict=POST").routeId("waits").process(new AsyncProcessorSupport() {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        waiting.complete(new Waiting(exchange, callback));
                        return false;
                    }
                });
                from("platform-http:/fails?httpMethodRestrict=POST").routeId("fails").process(new AsyncProcessorSupport() {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        new Thread(() -> {
                            exchange.setException(new IllegalStateException("secret detail"));
                            callback.done(false);
                        }).start();
                        return false;
                    }
                });
                // answers with the thread it ran on, done at once (as produce is when it refuses a request)
                from("platform-http:/where?httpMethodRestrict=POST").routeId("where").process(new AsyncProcessorSupport() {
                    @Override
                    public boolean process(Exchange exchange, AsyncCallback callback) {
                        ApiExchange.respond(exchange, 200, "text/plain", Thread.currentThread().getName());
                        callback.done(true);
                        return true;
                    }
                });
                from("platform-http:/status").routeId("status").process(e -> e.getMessage().setBody("up"));
            }
        });
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void aRouteWaitingForAnotherThreadHoldsNoWorkerAndIsAnsweredWhenThatThreadCompletesIt() throws Exception {
        CompletableFuture<HttpResponse<String>> answer = client.sendAsync(HttpRequest.newBuilder(URI.create(base + "/waits"))
                .header("Authorization", "Bearer not-echoed").POST(HttpRequest.BodyPublishers.ofString("{}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Waiting route = waiting.get(30, TimeUnit.SECONDS);

        // the only worker thread is free: a route on Camel's own consumer, which runs on it, is answered meanwhile
        HttpResponse<String> status = client.send(HttpRequest.newBuilder(URI.create(base + "/status"))
                .timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, status.statusCode());
        assertEquals("up", status.body());
        assertFalse(answer.isDone(), "answered before its route was done");
        // a route's completions run after its answer is written, so the status route's is awaited
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completions.contains("status 200"));
        assertTrue(completions.stream().noneMatch(c -> c.startsWith("waits ")), "completed before its route was done: " + completions);

        Thread producer = new Thread(() -> {
            ApiExchange.respond(route.exchange(), 201, "application/json", "{\"offsets\":[]}");
            route.exchange().getMessage().setHeader("Retry-After", "3");
            route.callback().done(false);
        });
        producer.start();
        HttpResponse<String> answered = answer.get(30, TimeUnit.SECONDS);
        assertEquals(201, answered.statusCode());
        assertEquals("{\"offsets\":[]}", answered.body());
        assertEquals("application/json", answered.headers().firstValue("Content-Type").orElse(""));
        assertEquals("3", answered.headers().firstValue("Retry-After").orElse(""));
        assertTrue(answered.headers().map().keySet().stream().noneMatch(name -> name.regionMatches(true, 0, "Camel", 0, 5)
                || name.equalsIgnoreCase("Authorization")), "internal or request headers in " + answered.headers().map());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completions.contains("waits 201"));
    }

    @Test
    void aFailureNoRouteHandledIsA500WithoutItsDetail() throws Exception {
        HttpResponse<String> answered = client.send(HttpRequest.newBuilder(URI.create(base + "/fails"))
                .timeout(Duration.ofSeconds(20)).POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(500, answered.statusCode());
        assertFalse(answered.body().contains("secret detail"), answered.body());
        // the unit of work is done (its completions run) for a failed exchange too
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completions.stream().anyMatch(c -> c.startsWith("fails ")));
    }

    @Test
    void aRouteThatWouldNotBlockRunsOnTheEventLoopAnyOtherOnAWorker() throws Exception {
        assertTrue(ranOn("yes").startsWith("vert.x-eventloop-thread"), "nothing blocks: on the event loop");
        assertTrue(ranOn("no").startsWith("vert.x-worker-thread"), "may block: on a worker");
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> completions.stream().filter("where 200"::equals).count() == 2);
    }

    private String ranOn(String nothingBlocks) throws Exception {
        HttpResponse<String> answered = client.send(HttpRequest.newBuilder(URI.create(base + "/where"))
                .timeout(Duration.ofSeconds(20)).header("X-Nothing-Blocks", nothingBlocks)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answered.statusCode());
        return answered.body();
    }
}
