package io.wlabridge.app;

import java.util.Collection;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheckRegistry;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.ops.DatabaseHealthCheck;
import io.wlabridge.ops.JobFilesHealthCheck;
import io.wlabridge.ops.KafkaHealthCheck;
import io.wlabridge.ops.RegistryHealthCheck;

/** The operations side of the wiring: readiness checks and one deadline watch per job that declares a deadline. */
public final class OpsSetup {

    /** Route template of the execution checker (src/main/resources/camel/ops.camel.yaml). */
    public static final String DEADLINE_TEMPLATE_ID = "wla-deadline-watch";

    private OpsSetup() {
    }

    /** @param sources the names of the sources jobs read besides wla.datasource: a check each */
    public static void healthChecks(CamelContext context, Settings settings, Collection<String> sources, JobCatalog catalog) {
        HealthCheckRegistry health = HealthCheckRegistry.get(context);
        if (health == null) {
            throw new ConfigException("camel.health.enabled is false: the bridge's readiness checks need it");
        }
        health.register(new DatabaseHealthCheck());
        sources.forEach(source -> health.register(DatabaseHealthCheck.source(source)));
        health.register(new KafkaHealthCheck(settings.get(WlaOptions.KAFKA_BOOTSTRAP_SERVERS)));
        health.register(new RegistryHealthCheck(settings.get(WlaOptions.REGISTRY_URL)));
        health.register(new JobFilesHealthCheck(catalog));
    }

    public static void deadlineWatches(CamelContext context, JobCatalog catalog) {
        for (JobDefinition job : catalog.jobs()) {
            if (job.deadline() == null) {
                continue;
            }
            try {
                context.addRouteFromTemplate(job.jobId() + "-deadline", DEADLINE_TEMPLATE_ID, Map.of("jobId", job.jobId(),
                        "deadline", job.deadline(), "timeZone", catalog.zone(job.jobId()).getId()));
            } catch (Exception e) {
                throw new ConfigException(job.source() + ": job " + job.jobId() + ": cannot watch its deadline: "
                        + e.getMessage());
            }
        }
    }
}
