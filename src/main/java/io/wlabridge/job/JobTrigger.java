package io.wlabridge.job;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

import org.apache.camel.CamelContext;
import org.apache.camel.component.quartz.QuartzComponent;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;

/**
 * Starts a job now through its own Quartz scheduler, the same way its schedule does, so every run (command line,
 * catch-up, operators) goes one way. The returned future completes when the run has ended.
 */
public final class JobTrigger {

    /** Quartz group of the job triggers (the template's {@code quartz:wla/<job-id>}). */
    public static final String GROUP = "wla";

    private final CamelContext context;
    private final JobRunListener runs;

    public JobTrigger(CamelContext context, JobRunListener runs) {
        this.context = context;
        this.runs = runs;
    }

    public CompletableFuture<JobRun> fire(String jobId, String trigger) throws SchedulerException {
        return fire(jobId, trigger, null);
    }

    /**
     * Like {@link #fire(String, String)}, for a run date of its own instead of the service's (wla.job.run-date, or
     * today): the logical date of a day to catch up, as {@code run --wla.job.run-date} gives a one-shot run.
     *
     * @param runDate the run's date, or null for the service's
     */
    public CompletableFuture<JobRun> fire(String jobId, String trigger, java.time.LocalDate runDate)
            throws SchedulerException {
        CompletableFuture<JobRun> next = runs.nextRunOf(jobId);
        scheduler().triggerJob(JobKey.jobKey(jobId, GROUP), data(trigger, runDate));
        return next;
    }

    private static JobDataMap data(String trigger, java.time.LocalDate runDate) {
        JobDataMap data = new JobDataMap(Map.of(JobSteps.TRIGGER_HEADER, trigger));
        if (runDate != null) {
            data.put(JobSteps.RUN_DATE_HEADER, runDate.toString());
        }
        return data;
    }

    /** Like {@link #fire}, but the returned future completes as soon as the run has started. */
    public CompletableFuture<JobRun> fireStarted(String jobId, String trigger) throws SchedulerException {
        return fireStarted(jobId, trigger, null);
    }

    /** Like {@link #fire(String, String, java.time.LocalDate)}, completing as soon as the run has started. */
    public CompletableFuture<JobRun> fireStarted(String jobId, String trigger, java.time.LocalDate runDate)
            throws SchedulerException {
        CompletableFuture<JobRun> started = runs.nextStartOf(jobId);
        scheduler().triggerJob(JobKey.jobKey(jobId, GROUP), data(trigger, runDate));
        return started;
    }

    /** When the job's schedule fires next, or null when it will not fire again (or the job is unknown). */
    public java.util.Date nextFireTime(String jobId) {
        try {
            org.quartz.Trigger quartz = scheduler().getTrigger(org.quartz.TriggerKey.triggerKey(jobId, GROUP));
            return quartz == null ? null : quartz.getNextFireTime();
        } catch (SchedulerException e) {
            throw new IllegalStateException("cannot read the Quartz trigger of job " + jobId + ": " + e.getMessage());
        }
    }

    /** The Quartz scheduler of the job triggers. */
    public Scheduler scheduler() {
        return context.getComponent("quartz", QuartzComponent.class).getScheduler();
    }

    /** Stops the scheduled fires (a one-shot `run` must not start other jobs); fires from {@link #fire} still run. */
    public void pauseSchedules() throws SchedulerException {
        scheduler().pauseTriggers(org.quartz.impl.matchers.GroupMatcher.triggerGroupEquals(GROUP));
    }
}
