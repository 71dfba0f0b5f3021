package io.wlabridge.job;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/** One run of one job: its identity, counters and outcome. Shared by all exchanges of the run (split parts copy the reference). */
public final class JobRun {

    /** Exchange property that carries the run through the route. */
    public static final String PROPERTY = "wlaRun";
    /** The trigger of a dry run (run --dry-run): it sends, records and escalates nothing. */
    public static final String DRY_RUN = "dry-run";

    private final String runId = UUID.randomUUID().toString();
    private final JobDefinition job;
    private final String trigger;
    private final LocalDate runDate;
    private final Instant started = Instant.now();
    private volatile Instant ended;
    private final AtomicLong read = new AtomicLong();
    private final AtomicLong filtered = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong alreadySent = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private final AtomicLong spooled = new AtomicLong();
    private final AtomicReference<String> kafkaFailure = new AtomicReference<>();
    private final AtomicReference<String> failure = new AtomicReference<>();
    private final CompletableFuture<JobRun> completion = new CompletableFuture<>();
    private final java.util.List<AutoCloseable> onEnd = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The scheduled time of the fire this run belongs to (a recovered fire keeps its own), or null without one. */
    private final Instant fireTime;
    /** Where the run runs: the Quartz instance id in a cluster, else the host name. */
    private final String instance;

    public JobRun(JobDefinition job, String trigger, LocalDate runDate) {
        this(job, trigger, runDate, null, null);
    }

    public JobRun(JobDefinition job, String trigger, LocalDate runDate, Instant fireTime, String instance) {
        this.job = job;
        this.trigger = trigger;
        this.runDate = runDate;
        this.fireTime = fireTime;
        this.instance = instance;
    }

    public Instant fireTime() { return fireTime; }
    public String instance() { return instance; }

    public String runId() { return runId; }
    public JobDefinition job() { return job; }
    public String jobId() { return job.jobId(); }
    /** True for a dry run: nothing is sent, recorded or escalated. */
    public boolean dryRun() {
        return DRY_RUN.equals(trigger);
    }

    public String trigger() { return trigger; }
    public LocalDate runDate() { return runDate; }
    public Instant started() { return started; }
    public Instant ended() { return ended; }
    public long read() { return read.get(); }
    public long filtered() { return filtered.get(); }
    public long sent() { return sent.get(); }
    public long alreadySent() { return alreadySent.get(); }
    public long deadLettered() { return deadLettered.get(); }
    public String failure() { return failure.get(); }
    /** Records that Kafka could not take and went to the spool instead (see io.wlabridge.ops.Spool). */
    public long spooled() { return spooled.get(); }
    /** Why Kafka could not take the run's records, once it could not; null while it could. */
    public String kafkaFailure() { return kafkaFailure.get(); }
    /** True once Kafka failed in this run: the run's remaining records go to the spool. */
    public boolean spooling() { return kafkaFailure.get() != null; }

    void countRead() { read.incrementAndGet(); }
    void countFiltered() { filtered.incrementAndGet(); }
    void countSent(long n) { sent.addAndGet(n); }
    void countAlreadySent(long n) { alreadySent.addAndGet(n); }
    public void countDeadLettered() { deadLettered.incrementAndGet(); }
    public void countSpooled(long n) { spooled.addAndGet(n); }
    /** Records the first Kafka failure of the run; from then on its records are spooled. */
    public void kafkaFailed(String cause) { kafkaFailure.compareAndSet(null, cause); }

    /** Marks the run failed; returns false when it had already failed (escalate once per run). */
    public boolean fail(String cause) {
        return failure.compareAndSet(null, cause);
    }

    public RunOutcome outcome() {
        if (ended == null) {
            return RunOutcome.RUNNING;
        }
        if (failure.get() != null) {
            return RunOutcome.FAILED;
        }
        return deadLettered.get() > 0 ? RunOutcome.SUCCEEDED_WITH_DEAD_LETTERS : RunOutcome.SUCCEEDED;
    }

    /** Something the run holds until it ends (its send session): closed before the run's outcome is recorded. */
    public void onEnd(AutoCloseable resource) {
        onEnd.add(resource);
    }

    void finish() {
        for (AutoCloseable resource : onEnd) {
            try {
                resource.close();
            } catch (Exception e) {
                fail("closing " + resource.getClass().getSimpleName() + " failed: " + FailureDescription.of(e));
            }
        }
        onEnd.clear();
        ended = Instant.now();
    }

    /** After the run's ledger row and incidents are written: tells who waits for it. */
    void complete() {
        completion.complete(this);
    }

    /** Completes when the run has ended, whatever its outcome. */
    public CompletableFuture<JobRun> completion() {
        return completion;
    }

    /** The one summary line of a run, as `run` prints it and the log records it. */
    public String summary() {
        Duration took = Duration.between(started, ended != null ? ended : Instant.now());
        return "job=" + jobId() + " run=" + runId + " outcome=" + outcome() + " read=" + read + " filtered=" + filtered
                + " sent=" + sent + " already-sent=" + alreadySent + " dead-lettered=" + deadLettered
                + (spooled.get() > 0 ? " spooled=" + spooled : "")
                + " took=" + took.toMillis() + "ms" + (failure.get() != null ? " cause=\"" + failure.get() + "\"" : "");
    }
}
