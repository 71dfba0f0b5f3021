package io.wlabridge.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * Tells who waits for a job's next run (the `run` command, tests) when it starts and ends, and who looks (the
 * overview) which run of a job is going in this process.
 */
public final class JobRunListener {

    private final Map<String, CompletableFuture<JobRun>> nextRun = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JobRun>> nextStart = new ConcurrentHashMap<>();
    private final Map<String, JobRun> lastRun = new ConcurrentHashMap<>();
    private final Map<String, JobRun> running = new ConcurrentHashMap<>();

    /** Completes with the next run of the job that starts after this call, once it has ended. */
    public CompletableFuture<JobRun> nextRunOf(String jobId) {
        return nextRun.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    /** Completes with the next run of the job that starts after this call, as soon as it has started. */
    public CompletableFuture<JobRun> nextStartOf(String jobId) {
        return nextStart.computeIfAbsent(jobId, id -> new CompletableFuture<>());
    }

    public JobRun lastRun(String jobId) {
        return lastRun.get(jobId);
    }

    /** The job's run in progress in this process (its counters are live), or null. */
    public JobRun running(String jobId) {
        return running.get(jobId);
    }

    void started(JobRun run) {
        running.put(run.jobId(), run);
        CompletableFuture<JobRun> starting = nextStart.remove(run.jobId());
        if (starting != null) {
            starting.complete(run);
        }
        CompletableFuture<JobRun> waiting = nextRun.remove(run.jobId());
        if (waiting != null) {
            run.completion().whenComplete((r, e) -> waiting.complete(r));
        }
    }

    void finished(JobRun run) {
        lastRun.put(run.jobId(), run);
        running.remove(run.jobId(), run);
    }
}
