package io.wlabridge.api;

import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutePolicy;
import org.apache.camel.support.RoutePolicySupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP bridge's routes on the service's main server (platform-http): HDInsight Kafka REST proxy v1 and Confluent
 * REST Proxy v3 produce. One error handling for all of them: an {@link ApiException} becomes its status and
 * {@code {"error_code", "message"}}; anything else a 500 with a generic message (logged here with the route id, never
 * sent to the caller). Each request ends with one line on the logger {@code io.wlabridge.api.access}: client, method,
 * path (without the query), status and duration; never a token or a record.
 */
public final class ApiRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(ApiRoutes.class);
    /** The access log: its own logger, so it can go to its own file or be switched off. */
    private static final Logger ACCESS = LoggerFactory.getLogger("io.wlabridge.api.access");
    private static final String METHOD_PROPERTY = "wla.api.method";
    private static final String PATH_PROPERTY = "wla.api.path";

    private final HdInsightEndpoints v1;
    private final ConfluentProduceEndpoint v3;

    public ApiRoutes(HdInsightEndpoints v1, ConfluentProduceEndpoint v3) {
        this.v1 = v1;
        this.v3 = v3;
    }

    @Override
    public void configure() {
        onException(ApiException.class).handled(true).process(ApiRoutes::refused);
        onException(Exception.class).handled(true).process(ApiRoutes::failed);

        api("platform-http:/v1/status?httpMethodRestrict=GET", "api-v1-status")
                .process(v1::status).id("api-v1-status-answer");
        api("platform-http:/v1/metadata/brokers?httpMethodRestrict=GET", "api-v1-brokers")
                .process(v1::brokers).id("api-v1-brokers-describe");
        api("platform-http:/v1/metadata/topics?httpMethodRestrict=GET", "api-v1-topics")
                .process(v1::listTopics).id("api-v1-topics-list");
        api("platform-http:/v1/metadata/topics/{topic}/partitions?httpMethodRestrict=GET", "api-v1-partitions")
                .process(v1::partitions).id("api-v1-partitions-describe");
        api("platform-http:/v1/metadata/topics/{topic}/partitions/{partition}?httpMethodRestrict=GET", "api-v1-partition")
                .process(v1::partition).id("api-v1-partition-describe");
        api("platform-http:/v1/topics/{topic}?httpMethodRestrict=PUT", "api-v1-create-topic")
                .process(v1::createTopic).id("api-v1-create-topic-admin");
        api("platform-http:" + HdInsightEndpoints.PRODUCE_PATH + "?httpMethodRestrict=POST", "api-v1-produce")
                .process(v1.produce()).id("api-v1-produce-send");
        api("platform-http:/v1/consumer/topics/{topic}/partitions/{partition}/offsets/{offset}?httpMethodRestrict=GET",
                "api-v1-consume").process(v1::consume).id("api-v1-consume-read");
        api("platform-http:/v3/clusters/{cluster_id}/topics/{topic}/records?httpMethodRestrict=POST", "api-v3-produce")
                .process(v3::produce).id("api-v3-produce-send");
    }

    /** An endpoint's route with the access log's policy. */
    private RouteDefinition api(String uri, String routeId) {
        return from(uri).routeId(routeId).routePolicy(ACCESS_LOG_POLICY);
    }

    /**
     * The access log as a route policy: the request's method and path kept when the route begins (the answer drops the
     * request's headers), the line written when it is done, after the error handling set the status. An
     * {@code onCompletion} did this before and copied the exchange per request for it (2.6 % of the event loop's time
     * for a 100-record produce, JFR); a route policy gets the exchange itself, as Camel's own metrics policy does.
     */
    private static final RoutePolicy ACCESS_LOG_POLICY = new RoutePolicySupport() {
        @Override
        public void onExchangeBegin(Route route, Exchange exchange) {
            remember(exchange);
        }

        @Override
        public void onExchangeDone(Route route, Exchange exchange) {
            accessLog(exchange);
        }
    };

    private static void refused(Exchange exchange) {
        ApiException e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, ApiException.class);
        ApiExchange.respond(exchange, e.status(), ApiExchange.error(e.errorCode(), e.getMessage()));
        if (e instanceof ApiGuard.RateLimited limited) {
            exchange.getMessage().setHeader("Retry-After", String.valueOf(limited.retryAfterSeconds()));
        }
        if (e instanceof BearerTokenValidator.Unauthorized unauthorized) {
            exchange.getMessage().setHeader("WWW-Authenticate", unauthorized.challenge());
        }
    }

    private static void remember(Exchange exchange) {
        String uri = String.valueOf(exchange.getMessage().getHeader(Exchange.HTTP_URI, "", String.class));
        int query = uri.indexOf('?');
        exchange.setProperty(PATH_PROPERTY, query >= 0 ? uri.substring(0, query) : uri);
        exchange.setProperty(METHOD_PROPERTY, exchange.getMessage().getHeader(Exchange.HTTP_METHOD, "", String.class));
    }

    private static void accessLog(Exchange exchange) {
        if (ACCESS.isInfoEnabled()) {
            ACCESS.info("client={} method={} path={} status={} duration_ms={}",
                    exchange.getProperty(ApiGuard.CLIENT_PROPERTY, "-", String.class),
                    exchange.getProperty(METHOD_PROPERTY, "-", String.class),
                    exchange.getProperty(PATH_PROPERTY, "-", String.class),
                    exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, 200, Integer.class),
                    exchange.getClock().elapsed());
        }
    }

    private static void failed(Exchange exchange) {
        Exception e = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class);
        LOG.error("HTTP bridge route {} failed: {}", exchange.getFromRouteId(), e.toString(), e);
        ApiExchange.respond(exchange, 500, ApiExchange.error(500, "Internal error in route " + exchange.getFromRouteId()
                + "; the bridge's log has the details"));
    }
}
