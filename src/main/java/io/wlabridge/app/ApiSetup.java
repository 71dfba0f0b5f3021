package io.wlabridge.app;

import java.time.Duration;
import java.util.Properties;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.vertx.core.VertxOptions;

import io.wlabridge.api.ApiGuard;
import io.wlabridge.api.ApiRoutes;
import io.wlabridge.api.AsyncHttpEngine;
import io.wlabridge.api.BearerTokenValidator;
import io.wlabridge.api.ClientRateLimiter;
import io.wlabridge.api.ConfluentProduceEndpoint;
import io.wlabridge.api.HdInsightEndpoints;
import io.wlabridge.api.KafkaGateway;
import io.wlabridge.api.TopicPermissions;
import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.kafka.AdminProperties;
import io.wlabridge.kafka.ClientProperties;
import io.wlabridge.kafka.KafkaSetup;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * Wires the Kafka HTTP bridge into the service: when {@code wla.api.issuer} is set, the /v1 and /v3 routes with token
 * validation, permissions and rate limit, over Kafka clients configured as the jobs'. Service only: one-shot commands
 * have no HTTP server.
 */
public final class ApiSetup {

    private static final Logger LOG = LoggerFactory.getLogger(ApiSetup.class);

    private ApiSetup() {
    }

    public static void configure(CamelContext context, Settings settings, RegistryAvroDataFormat avro) {
        String issuer = settings.get(WlaOptions.API_ISSUER);
        if (issuer.isEmpty()) {
            LOG.info("HTTP bridge (/v1, /v3) is off: wla.api.issuer is not set");
            return;
        }
        BearerTokenValidator tokens = new BearerTokenValidator(issuer, settings.get(WlaOptions.API_AUDIENCE),
                settings.get(WlaOptions.API_JWKS_URL), settings.getInt(WlaOptions.API_CLOCK_SKEW_SECONDS),
                settings.get(WlaOptions.API_SSL_TRUSTSTORE_LOCATION), settings.get(WlaOptions.API_SSL_TRUSTSTORE_PASSWORD));
        TopicPermissions permissions = TopicPermissions.parse(settings.get(WlaOptions.API_PERMISSIONS));
        int perSecond = settings.getInt(WlaOptions.API_RATE_LIMIT_PER_SECOND);
        int burst = settings.getInt(WlaOptions.API_RATE_LIMIT_BURST);
        if (perSecond < 1 || burst < 1) {
            throw new ConfigException("wla.api.rate-limit-per-second and wla.api.rate-limit-burst must be at least 1");
        }
        ApiGuard guard = new ApiGuard(tokens, permissions, new ClientRateLimiter(perSecond, burst),
                settings.getLong(WlaOptions.API_MAX_REQUEST_BYTES));
        int workerThreads = settings.getInt(WlaOptions.API_WORKER_THREADS);
        if (workerThreads < 1) {
            throw new ConfigException("wla.api.worker-threads is " + workerThreads + " but must be at least 1");
        }
        // platform-http (Vert.x) runs each request on a worker thread (Vertx.executeBlocking) and that thread waits
        // until the route is done: Vert.x's default of 20 threads capped the requests in flight. Camel's platform-http
        // server takes the VertxOptions bean of the registry when it creates its Vert.x instance.
        context.getRegistry().bind("wlaVertxOptions", new VertxOptions().setWorkerPoolSize(workerThreads));
        int lingerMs = settings.getInt(WlaOptions.API_LINGER_MS);
        int consumerPoolSize = settings.getInt(WlaOptions.API_CONSUMER_POOL_SIZE);
        long consumerIdleMs = settings.getLong(WlaOptions.API_CONSUMER_IDLE_MS);
        int maxInFlight = settings.getInt(WlaOptions.API_MAX_IN_FLIGHT_REQUESTS);
        if (lingerMs < 0) {
            throw new ConfigException("wla.api.linger-ms is " + lingerMs + " but must be 0 or more");
        }
        if (consumerPoolSize < 1 || consumerIdleMs < 1) {
            throw new ConfigException("wla.api.consumer-pool-size and wla.api.consumer-idle-ms must be at least 1");
        }
        if (maxInFlight < 1 || maxInFlight > 5) {
            throw new ConfigException("wla.api.max-in-flight-requests is " + maxInFlight + " but must be 1 to 5"
                    + " (the idempotent producer allows no more)");
        }
        // the jobs' linger (wla.kafka.linger-ms) trades latency for batches; a request waits for its records' ack,
        // so the bridge's producer has its own
        Properties producer = ClientProperties.producer(context, "wla-http-bridge");
        producer.put(ProducerConfig.LINGER_MS_CONFIG, String.valueOf(lingerMs));
        // its own compression too: a request's few records compress to little, and lz4's buffers per batch (128 KB)
        // were a third of the bytes the service allocated per one-record request (JFR), so GC pauses set its p99
        producer.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, KafkaSetup.compressionCodec(WlaOptions.API_COMPRESSION,
                settings.get(WlaOptions.API_COMPRESSION), settings.get(WlaOptions.KAFKA_BOOTSTRAP_SERVERS), LOG::warn));
        // one produce request in flight per broker: records of requests that arrive meanwhile go together in the
        // next one (fewer, fuller requests; the broker's work per request dominated with the jobs' 5)
        producer.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, String.valueOf(maxInFlight));
        KafkaGateway kafka = new KafkaGateway(AdminProperties.of(context, 30), producer,
                ClientProperties.consumer(context, "wla-http-bridge"), consumerPoolSize, Duration.ofMillis(consumerIdleMs));
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    kafka.close();
                }
            }, true);
            HdInsightEndpoints v1 = new HdInsightEndpoints(guard, kafka);
            // the produce route does not hold a worker thread while Kafka acknowledges (AsyncHttpConsumer): holding one
            // cost a one-record produce 2.5 to 3 times a status call's CPU at 8 connections (threads parked and woken);
            // and it runs on the event loop when nothing in it would block
            context.getRegistry().bind("platform-http-engine",
                    new AsyncHttpEngine(AsyncHttpEngine.PRODUCE_PATHS, v1::producesWithoutBlocking));
            context.addRoutes(new ApiRoutes(v1,
                    new ConfluentProduceEndpoint(guard, kafka, avro.getClient())));
        } catch (Exception e) {
            kafka.close();
            throw new IllegalStateException("cannot add the HTTP bridge routes: " + e.getMessage(), e);
        }
    }
}
