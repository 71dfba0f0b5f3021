package io.wlabridge.ops;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.JobRunListener;
import io.wlabridge.job.JobTrigger;

/**
 * Where every job stands, as plain maps for JSON ({@code GET /api/jobs}): schedule and next fire (Quartz, as the job
 * MBeans show it), its latest runs (run ledger), open and recently resolved incidents with the operators' reaction
 * times, and records waiting in the dead-letter topic and the spool. Reads the ledger on each call, so every instance
 * on the same database answers the same; only the counts of a run going in this process are live (the ledger has a
 * run's counts once it has ended).
 */
public final class JobOverview {

    /** Runs per job in {@code history} (the page's strip). */
    static final int HISTORY = 30;
    /** Resolved incidents shown per job, beside the open ones, and for how long after their resolution. */
    static final int RESOLVED_SHOWN = 3;
    static final Duration RESOLVED_WINDOW = Duration.ofDays(7);

    private final JobCatalog catalog;
    private final RunLedger ledger;
    private final Incidents incidents;
    private final JobTrigger trigger;
    private final DeadLetterDepth deadLetters;
    private final Supplier<SpoolWaiting> spool;
    private final JobRunListener runs;

    /**
     * @param spool the spool hook, or a supplier of null while the service has no spool
     * @param runs  the runs going in this process, for their live counts
     */
    public JobOverview(JobCatalog catalog, RunLedger ledger, Incidents incidents, JobTrigger trigger,
            DeadLetterDepth deadLetters, Supplier<SpoolWaiting> spool, JobRunListener runs) {
        this.runs = runs;
        this.catalog = catalog;
        this.ledger = ledger;
        this.incidents = incidents;
        this.trigger = trigger;
        this.deadLetters = deadLetters;
        this.spool = spool;
    }

    public boolean knows(String jobId) {
        return catalog.jobs().stream().anyMatch(j -> j.jobId().equals(jobId));
    }

    public Map<String, Object> jobs() {
        List<String> dlqTopics = catalog.jobs().stream().map(JobDefinition::deadLetterTopic).distinct().toList();
        Map<String, Long> held = null;
        String dlqUnknown = null;
        try {
            held = deadLetters.records(dlqTopics);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            dlqUnknown = "interrupted";
        } catch (Exception e) {
            dlqUnknown = "Kafka did not answer within " + DeadLetterDepth.TIMEOUT_SECONDS + " s: "
                    + FailureDescription.of(e);
        }
        SpoolWaiting spooled = spool.get();
        Instant now = Instant.now();
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobDefinition job : catalog.jobs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", job.jobId());
            j.put("source", job.source());
            j.put("topic", job.topic());
            // null while what runs is what the file says; else why the file's last edit was rejected
            j.put("fileDiffers", catalog.fileDiffers(job.jobId()));
            // the database its query reads: wla.datasource or a source's name (docs/databases.md)
            j.put("reads", catalog.source(job.jobId()));
            Map<String, Object> schedule = new LinkedHashMap<>();
            schedule.put("cron", job.cron());
            schedule.put("timeZone", catalog.zone(job.jobId()).getId());
            schedule.put("deadline", job.deadline());
            j.put("schedule", schedule);
            j.put("nextFireTime", time(trigger.nextFireTime(job.jobId())));
            List<Map<String, Object>> history = runs(job.jobId(), HISTORY, now);
            j.put("lastRun", history.isEmpty() ? null : history.get(0));
            j.put("history", history);
            List<Map<String, Object>> open = new ArrayList<>();
            List<Map<String, Object>> resolved = new ArrayList<>();
            for (IncidentTimeline timeline : incidents.timelines(job.jobId(), RESOLVED_SHOWN, now.minus(RESOLVED_WINDOW))) {
                if (timeline.open()) {
                    open.add(incident(timeline, now));
                } else {
                    resolved.add(incident(timeline, now));
                }
            }
            j.put("openIncidents", open);
            j.put("resolvedIncidents", resolved);
            Map<String, Object> waiting = new LinkedHashMap<>();
            waiting.put("deadLetterTopic", job.deadLetterTopic());
            waiting.put("deadLetters", held == null ? null : held.get(job.deadLetterTopic()));
            if (dlqUnknown != null) {
                waiting.put("deadLettersUnknown", dlqUnknown);
            }
            waiting.put("spool", spooled == null ? null : spooled.waiting(job.jobId()));
            j.put("waiting", waiting);
            jobs.add(j);
        }
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobs", jobs);
        answer.put("at", now.toString());
        return answer;
    }

    public Map<String, Object> runs(String jobId, int limit) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", jobId);
        answer.put("runs", runs(jobId, limit, Instant.now()));
        return answer;
    }

    /**
     * The job's latest runs, newest first, as the ledger has them; the run going in this process with its live counts
     * instead of the ledger's row (which has none before the run ends), or first when the ledger does not have it.
     */
    private List<Map<String, Object>> runs(String jobId, int limit, Instant now) {
        JobRun going = runs.running(jobId);
        List<Map<String, Object>> answer = new ArrayList<>();
        boolean inLedger = false;
        for (LedgerRun run : ledger.recent(jobId, limit)) {
            if (going != null && run.endedAt() == null && run.runId().equals(going.runId())) {
                answer.add(live(going, now));
                inLedger = true;
            } else {
                answer.add(run(run, now));
            }
        }
        if (going != null && !inLedger && going.ended() == null) {
            answer.add(0, live(going, now));
            if (answer.size() > limit) {
                answer.remove(answer.size() - 1);
            }
        }
        return answer;
    }

    /** A run going in this process: its counters as they stand now. */
    private static Map<String, Object> live(JobRun run, Instant now) {
        return run(new LedgerRun(run.runId(), run.trigger(), run.started(), run.ended(), run.outcome().name(), run.read(),
                run.filtered(), run.sent(), run.alreadySent(), run.deadLettered(), run.failure(), run.instance(),
                run.fireTime()), true, now);
    }

    private static Map<String, Object> run(LedgerRun run, Instant now) {
        return run(run, false, now);
    }

    /** @param live whether the counts are the running run's own; false while it runs: the instance running it has them */
    private static Map<String, Object> run(LedgerRun run, boolean live, Instant now) {
        // while the run goes: how long it has been running
        Duration took = Duration.between(run.startedAt(), run.endedAt() != null ? run.endedAt() : now);
        String error = run.error();
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runId", run.runId());
        r.put("trigger", run.trigger());
        r.put("instance", run.instance());
        r.put("fireTime", time(run.fireTime()));
        r.put("start", time(run.startedAt()));
        r.put("end", time(run.endedAt()));
        r.put("durationMs", took.toMillis());
        r.put("duration", DurationText.of(took));
        r.put("outcome", run.outcome());
        r.put("live", live);
        r.put("read", run.read());
        r.put("filtered", run.filtered());
        r.put("sent", run.sent());
        r.put("alreadySent", run.alreadySent());
        r.put("deadLettered", run.deadLettered());
        r.put("error", error == null ? null : error.substring(0, Math.min(error.length(), 2000)));
        return r;
    }

    private static Map<String, Object> incident(IncidentTimeline timeline, Instant now) {
        Incident incident = timeline.incident();
        Map<String, Object> i = new LinkedHashMap<>();
        i.put("incidentId", incident.incidentId());
        i.put("cause", incident.cause());
        i.put("runId", incident.runId());
        i.put("openedAt", time(incident.openedAt()));
        i.put("notifiedAt", time(timeline.notifiedAt()));
        i.put("resolvedAt", time(timeline.resolvedAt()));
        i.put("resolvedBy", timeline.resolvedBy());
        i.put("reaction", timeline.reaction(now));
        i.put("detail", incident.detail());
        return i;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String time(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
