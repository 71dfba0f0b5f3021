package io.wlabridge.ops;

import java.time.Instant;
import java.util.Date;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.JobTrigger;

/** The MBean of one job. Reads the ledger on each call, so every instance on the same database shows the same. */
public final class JobStatus implements JobMXBean {

    /** How long triggerNow waits for the run to start, to return its id. */
    private static final long START_WAIT_SECONDS = 10;

    private final String jobId;
    private final RunLedger ledger;
    private final Incidents incidents;
    private final JobTrigger trigger;
    private final JobCatalog live;

    /** @param live the service's catalog (whether the job's file differs from what runs), or null */
    public JobStatus(String jobId, RunLedger ledger, Incidents incidents, JobTrigger trigger, JobCatalog live) {
        this.live = live;
        this.jobId = jobId;
        this.ledger = ledger;
        this.incidents = incidents;
        this.trigger = trigger;
    }

    @Override public String getLastRunId() { return last(LedgerRun::runId); }
    @Override public String getLastOutcome() { return last(LedgerRun::outcome); }
    @Override public String getLastTrigger() { return last(LedgerRun::trigger); }
    @Override public Date getLastRunStart() { return date(last(LedgerRun::startedAt)); }
    @Override public Date getLastRunEnd() { return date(last(LedgerRun::endedAt)); }
    @Override public long getRowsRead() { return count(LedgerRun::read); }
    @Override public long getRowsFiltered() { return count(LedgerRun::filtered); }
    @Override public long getRowsSent() { return count(LedgerRun::sent); }
    @Override public long getRowsAlreadySent() { return count(LedgerRun::alreadySent); }
    @Override public long getRowsDeadLettered() { return count(LedgerRun::deadLettered); }
    @Override public int getOpenIncidents() { return incidents.openCount(jobId); }
    @Override public long getRunsTotal() { return ledger.runs(jobId, null); }
    @Override public long getRunsFailed() { return ledger.runs(jobId, "FAILED"); }
    @Override public String getFileDiffers() { return live == null ? null : live.fileDiffers(jobId); }

    @Override public Date getNextFireTime() { return trigger.nextFireTime(jobId); }

    @Override
    public String triggerNow() {
        try {
            JobRun run = trigger.fireStarted(jobId, "jmx").get(START_WAIT_SECONDS, TimeUnit.SECONDS);
            return run.runId();
        } catch (TimeoutException e) {
            return "run of job " + jobId + " triggered but not started within " + START_WAIT_SECONDS
                    + " s (scheduler busy?); see LastRunId";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted while triggering job " + jobId;
        } catch (Exception e) {
            return "cannot trigger job " + jobId + ": " + e.getMessage();
        }
    }

    private <T> T last(Function<LedgerRun, T> field) {
        LedgerRun run = ledger.last(jobId);
        return run == null ? null : field.apply(run);
    }

    private long count(Function<LedgerRun, Long> field) {
        Long value = last(field);
        return value == null ? 0 : value;
    }

    private static Date date(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
