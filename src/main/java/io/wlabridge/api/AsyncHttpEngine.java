package io.wlabridge.api;

import java.util.Set;
import java.util.function.Predicate;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.platform.http.PlatformHttpEndpoint;
import org.apache.camel.component.platform.http.spi.PlatformHttpConsumer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpEngine;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;

/**
 * platform-http's Vert.x engine (bound as {@code platform-http-engine}, which the component looks up first) with one
 * change: the routes on the paths named here get an {@link AsyncHttpConsumer}, every other route Camel's own.
 */
public final class AsyncHttpEngine extends VertxPlatformHttpEngine {

    /** v1 produce: its last step waits for Kafka, which {@link AsyncHttpConsumer} does not hold a thread for. */
    public static final Set<String> PRODUCE_PATHS = Set.of(HdInsightEndpoints.PRODUCE_PATH);

    private final Set<String> asyncPaths;
    private final Predicate<Exchange> runsWithoutBlocking;

    /** The routes on these paths always start on a worker thread. */
    public AsyncHttpEngine(Set<String> asyncPaths) {
        this(asyncPaths, exchange -> false);
    }

    /**
     * @param runsWithoutBlocking whether a request's route would not block (it then runs on the event loop; asked with
     *        the request's headers and body read, for the routes on {@code asyncPaths} only)
     */
    public AsyncHttpEngine(Set<String> asyncPaths, Predicate<Exchange> runsWithoutBlocking) {
        this.asyncPaths = Set.copyOf(asyncPaths);
        this.runsWithoutBlocking = runsWithoutBlocking;
    }

    @Override
    public PlatformHttpConsumer createConsumer(PlatformHttpEndpoint endpoint, Processor processor) {
        if (!asyncPaths.contains(endpoint.getPath())) {
            return super.createConsumer(endpoint, processor);
        }
        return new AsyncHttpConsumer(endpoint, processor, getHandlers(),
                VertxPlatformHttpRouter.getRouterNameFromPort(getServerPort()), runsWithoutBlocking);
    }
}
