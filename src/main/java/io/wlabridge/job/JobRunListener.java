package io.wlabridge.job;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CompletableFuture;

/** Tells who waits for a job's next run (the `run` command, tests) when it starts and ends. */
public final class JobRunListener {

    private final Map<String, CompletableFuture<JobRun>> nextRun = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<JobRun>> nextStart = new ConcurrentHashMap<>();
    private final Map<String, JobRun> lastRun = new ConcurrentHashMap<>();

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

    void started(JobRun run) {
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
    }
}
