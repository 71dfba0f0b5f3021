package io.wlabridge.ops;

import java.util.List;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunObserver;
import io.wlabridge.job.RunOutcome;

/**
 * After each run: a run that did not fail resolves the job's open incidents and says so; a run that dead-lettered
 * more records than the job's deadLetterThreshold opens (or keeps open) the job's DEAD_LETTERS incident instead of
 * resolving it.
 */
public final class IncidentResolution implements RunObserver {

    private final Incidents incidents;
    private final IncidentEvents events;
    private final JobCatalog catalog;

    public IncidentResolution(Incidents incidents, IncidentEvents events, JobCatalog catalog) {
        this.incidents = incidents;
        this.events = events;
        this.catalog = catalog;
    }

    @Override
    public void ended(JobRun run) {
        if (run.outcome() == RunOutcome.FAILED || run.outcome() == RunOutcome.RUNNING) {
            return;
        }
        long threshold = catalog.escalation(run.jobId()).deadLetterThreshold();
        boolean exceeded = threshold >= 0 && run.deadLettered() > threshold;
        List<Incident> resolved = incidents.resolveOpen(run.jobId(), run.runId(), exceeded ? Incident.DEAD_LETTERS : null);
        if (!resolved.isEmpty()) {
            events.resolved(resolved, run.runId());
        }
        if (exceeded) {
            String detail = "run " + run.runId() + " dead-lettered " + run.deadLettered() + " record(s), more than the"
                    + " job's deadLetterThreshold " + threshold + "; see topic " + run.job().deadLetterTopic()
                    + ", fix the rows or the schema and run 'wla-bridge replay --job " + run.jobId() + "'";
            incidents.open(run.jobId(), Incident.DEAD_LETTERS, run.runId(), detail).ifPresent(events::opened);
        }
    }
}
