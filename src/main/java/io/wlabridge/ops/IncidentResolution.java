package io.wlabridge.ops;

import java.util.List;

import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;

/** After each run: a run that did not fail resolves the job's open incidents and says so. */
public final class IncidentResolution {

    private final Incidents incidents;
    private final IncidentEvents events;

    public IncidentResolution(Incidents incidents, IncidentEvents events) {
        this.incidents = incidents;
        this.events = events;
    }

    public void runEnded(JobRun run) {
        if (run.outcome() == RunOutcome.FAILED || run.outcome() == RunOutcome.RUNNING) {
            return;
        }
        List<Incident> resolved = incidents.resolveOpen(run.jobId(), run.runId());
        if (!resolved.isEmpty()) {
            events.resolved(resolved, run.runId());
        }
    }
}
