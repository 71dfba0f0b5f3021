package io.wlabridge.api;

import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangePattern;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;

/**
 * platform-http's Vert.x consumer for a route whose work ends in an asynchronous step (v1 produce: Kafka's
 * acknowledgement; v3 produce keeps Camel's consumer, as it streams its reports from a writer thread of its own): the
 * route starts on a worker thread as Camel's consumer starts it (its first steps may block: a token's keys, a topic's
 * metadata), but with the route's asynchronous processor, so the worker is free as soon as the records are handed to
 * the producer; the answer is written on the request's event loop when the route is done.
 * Where nothing would block (the engine's predicate says so: for produce, a token verified before, a topic whose
 * partitions and metadata are known, room in the producer's buffer, a small body), the route runs on the event loop
 * itself, with no hop to a worker and back (a one-record produce answered 1.3 to 2 times as many requests per second
 * so; docs/http-bridge.md).
 * <p>
 * Camel 4.18's consumer runs the route with the synchronous processor inside {@code executeBlocking}, so each request
 * held a worker thread until Kafka acknowledged: a one-record produce cost 2.5 to 3 times the CPU of a status call
 * (parked and woken worker threads; bench/README.md). Camel changed its consumer the same way in CAMEL-27217 (4.24);
 * this class does it for the bridge's v1 produce route until the project moves to that line, and goes with it then.
 * Written here: in 4.18 the consumer has no option for it, and its response writer is not public, so the answer is
 * written here the way the bridge's endpoints set it ({@link ApiExchange#respond}: status, headers, a text body).
 */
final class AsyncHttpConsumer extends VertxPlatformHttpConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(AsyncHttpConsumer.class);
    /**
     * Exchange property: an {@link java.util.concurrent.Executor} on the request's event loop, for the route's
     * asynchronous step to complete on. Kafka's producer calls back on its network thread, which at a few connections is
     * every request's path: the route's rest and the answer do not belong there.
     */
    static final String COMPLETE_ON = "wla.api.completeOn";

    private final Predicate<Exchange> runsWithoutBlocking;

    /**
     * @param runsWithoutBlocking whether the route, for this request (its headers and body read), would not block: then
     *        it runs on the request's event loop, else on a worker thread
     */
    AsyncHttpConsumer(PlatformHttpEndpoint endpoint, Processor processor, List<Handler<RoutingContext>> handlers,
            String routerName, Predicate<Exchange> runsWithoutBlocking) {
        super(endpoint, processor, handlers, routerName);
        this.runsWithoutBlocking = runsWithoutBlocking;
    }

    @Override
    protected void handleRequest(RoutingContext ctx) {
        if (isSuspended()) {
            ctx.response().setStatusCode(503).end();
            return;
        }
        Context requestContext = ctx.vertx().getOrCreateContext();
        Exchange exchange = createExchange(false);
        exchange.setPattern(ExchangePattern.InOut);
        exchange.setProperty(COMPLETE_ON, (java.util.concurrent.Executor) task -> requestContext.runOnContext(v -> task.run()));
        processHttpRequest(exchange, ctx).onComplete(populated -> {
            if (populated.failed()) {
                failed(exchange, ctx, populated.cause());
                return;
            }
            if (runsWithoutBlocking.test(exchange)) {
                // nothing to wait for before the records are handed over: no hop to a worker and back
                try {
                    route(exchange, ctx, requestContext, true);
                } catch (Exception e) {
                    failed(exchange, ctx, e);
                }
                return;
            }
            ctx.vertx().executeBlocking(() -> {
                route(exchange, ctx, requestContext, false);
                return null;
            }, false).onFailure(e -> failed(exchange, ctx, e));
        });
    }

    /** Runs the route; its answer is written on the request's event loop (at once when it is done there and then). */
    private void route(Exchange exchange, RoutingContext ctx, Context requestContext, boolean onEventLoop) throws Exception {
        createUoW(exchange);
        getAsyncProcessor().process(exchange, doneSync -> {
            if (doneSync && onEventLoop) {
                answer(exchange, ctx);
            } else {
                requestContext.runOnContext(v -> answer(exchange, ctx));
            }
        });
    }

    /** The route is done: its answer (status, headers, body) to the client, then the unit of work's completions. */
    private void answer(Exchange exchange, RoutingContext ctx) {
        try {
            HttpServerResponse response = ctx.response();
            if (response.closed()) {
                // the client went away while Kafka acknowledged: the records are written, nobody is left to tell
                LOG.debug("HTTP bridge route {}: the client closed the connection before the answer", exchange.getFromRouteId());
                return;
            }
            if (exchange.getException() != null) {
                // the routes handle their exceptions; one that escaped is logged with the route, never sent
                LOG.error("HTTP bridge route {} failed: {}", exchange.getFromRouteId(), exchange.getException().toString(),
                        exchange.getException());
                response.setStatusCode(500).putHeader("Content-Type", "text/plain").end("Internal error");
                return;
            }
            Message message = exchange.getMessage();
            response.setStatusCode(message.getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class));
            for (Map.Entry<String, Object> header : message.getHeaders().entrySet()) {
                // Camel's own headers (CamelHttpResponseCode, ...) stay inside, as platform-http's header filter keeps them
                if (header.getValue() != null && !header.getKey().regionMatches(true, 0, "Camel", 0, 5)) {
                    response.putHeader(header.getKey(), header.getValue().toString());
                }
            }
            Object body = message.getBody();
            if (body == null) {
                response.end();
            } else if (body instanceof byte[] bytes) {
                response.end(Buffer.buffer(bytes));
            } else {
                response.end(message.getBody(String.class));
            }
        } catch (RuntimeException e) {
            LOG.error("HTTP bridge route {}: the answer could not be written: {}", exchange.getFromRouteId(), e.toString(), e);
        } finally {
            doneUoW(exchange);
            releaseExchange(exchange, false);
        }
    }

    private void failed(Exchange exchange, RoutingContext ctx, Throwable failure) {
        getExceptionHandler().handleException("Failed handling platform-http endpoint " + getEndpoint().getPath(), failure);
        ctx.fail(failure);
        exchange.setException(failure instanceof Exception e ? e : new IllegalStateException(failure));
        doneUoW(exchange);
        releaseExchange(exchange, false);
    }
}
