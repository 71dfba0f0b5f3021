package io.wlabridge.ops;

import java.time.Instant;
import java.util.Date;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;

/**
 * The execution checker (bean {@code deadlineWatch}): at each checkpoint of a job's {@code deadline} (route template
 * {@code wla-deadline-watch}), opens a DEADLINE_MISSED incident when the ledger has no successful run since the job's
 * last fire before the checkpoint. Checking again finds the incident open and does nothing.
 */
public final class DeadlineWatch {

    private static final Logger LOG = LoggerFactory.getLogger(DeadlineWatch.class);

    private final JobCatalog catalog;
    private final RunLedger ledger;
    private final Incidents incidents;
    private final IncidentEvents events;

    public DeadlineWatch(JobCatalog catalog, RunLedger ledger, Incidents incidents, IncidentEvents events) {
        this.catalog = catalog;
        this.ledger = ledger;
        this.incidents = incidents;
        this.events = events;
    }

    /** Route step: the checkpoint is the Quartz fire time of the watch (now when absent). */
    public void checkAtFire(String jobId, Exchange exchange) {
        Date fired = exchange.getMessage().getHeader("scheduledFireTime", Date.class);
        check(jobId, fired != null ? fired.toInstant() : Instant.now());
    }

    /** Checks the job at a checkpoint; returns true when the deadline was missed (whether or not newly opened). */
    public boolean check(String jobId, Instant checkpoint) {
        JobDefinition job = catalog.job(jobId);
        Instant lastSuccess = ledger.lastSuccessStart(jobId);
        if (!DeadlineCheck.missed(job.cron(), catalog.zone(jobId), checkpoint, lastSuccess)) {
            LOG.debug("job {}: deadline {} met", jobId, checkpoint);
            return false;
        }
        String detail = "no successful run since " + DeadlineCheck.lastFireBefore(job.cron(), catalog.zone(jobId), checkpoint)
                .orElseThrow() + " by the deadline " + checkpoint + " (deadline '" + job.deadline() + "'; last success "
                + (lastSuccess == null ? "never" : lastSuccess.toString()) + "); check the job's runs in wla_run";
        incidents.open(jobId, Incident.DEADLINE_MISSED, null, detail).ifPresent(events::opened);
        return true;
    }
}
