package io.wlabridge.app;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.api.ApiGuard;
import io.wlabridge.api.ApiRoutes;
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
        KafkaGateway kafka = new KafkaGateway(AdminProperties.of(context, 30),
                ClientProperties.producer(context, "wla-http-bridge"), ClientProperties.consumer(context, "wla-http-bridge"));
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    kafka.close();
                }
            }, true);
            context.addRoutes(new ApiRoutes(new HdInsightEndpoints(guard, kafka),
                    new ConfluentProduceEndpoint(guard, kafka, avro.getClient())));
        } catch (Exception e) {
            kafka.close();
            throw new IllegalStateException("cannot add the HTTP bridge routes: " + e.getMessage(), e);
        }
    }
}
