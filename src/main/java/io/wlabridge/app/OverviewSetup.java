package io.wlabridge.app;

import org.apache.camel.CamelContext;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobRunListener;
import io.wlabridge.job.JobTrigger;
import io.wlabridge.kafka.AdminProperties;
import io.wlabridge.ops.DeadLetterDepth;
import io.wlabridge.ops.Incidents;
import io.wlabridge.ops.JobOverview;
import io.wlabridge.ops.OperatorAuth;
import io.wlabridge.ops.OverviewRoutes;
import io.wlabridge.ops.RunLedger;
import io.wlabridge.ops.SpoolWaiting;

/** Adds the overview (page and /api/jobs, {@link OverviewRoutes}) to the service's HTTP server; service mode only. */
public final class OverviewSetup {

    private static final Logger LOG = LoggerFactory.getLogger(OverviewSetup.class);

    private OverviewSetup() {
    }

    public static void serve(CamelContext context, Settings settings, JobCatalog catalog, RunLedger ledger,
            Incidents incidents, JobTrigger trigger, JobRunListener runs) {
        DeadLetterDepth deadLetters = new DeadLetterDepth(() -> AdminProperties.of(context, DeadLetterDepth.TIMEOUT_SECONDS));
        JobOverview overview = new JobOverview(catalog, ledger, incidents, trigger, deadLetters,
                () -> context.getRegistry().findSingleByType(SpoolWaiting.class), runs);
        OperatorAuth auth = new OperatorAuth(settings.get(WlaOptions.OVERVIEW_USER),
                settings.get(WlaOptions.OVERVIEW_PASSWORD));
        if (!auth.enabled()) {
            LOG.info("overview: triggering runs over HTTP is disabled; set wla.overview.password to enable it");
        }
        try {
            context.addRoutes(new OverviewRoutes(overview, trigger, auth));
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    deadLetters.close();
                }
            }, true);
        } catch (Exception e) {
            throw new ConfigException("cannot add the overview routes to the HTTP server: " + e.getMessage());
        }
    }
}
