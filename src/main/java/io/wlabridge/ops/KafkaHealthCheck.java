package io.wlabridge.ops;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Readiness: the Kafka cluster answers a describe-cluster request within the timeout. */
public final class KafkaHealthCheck extends AbstractHealthCheck {

    private static final int TIMEOUT_MS = 5_000;

    private final String bootstrapServers;

    public KafkaHealthCheck(String bootstrapServers) {
        super("wla", "kafka");
        this.bootstrapServers = bootstrapServers;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        // a short-lived admin client per check: no idle connection to keep alive between checks
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS))) {
            String clusterId = admin.describeCluster(new DescribeClusterOptions().timeoutMs(TIMEOUT_MS)).clusterId()
                    .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            builder.up().detail("cluster.id", clusterId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            builder.down().message("interrupted");
        } catch (Exception e) {
            builder.down().message("Kafka unreachable: " + e.getMessage() + " - check wla.kafka.bootstrap-servers");
        }
    }
}
