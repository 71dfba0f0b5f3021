package io.wlabridge.ops;

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
import io.wlabridge.job.JobTrigger;

/**
 * Where every job stands, as plain maps for JSON ({@code GET /api/jobs}): schedule and next fire (Quartz, as the job
 * MBeans show it), last run (run ledger), open incidents, and records waiting in the dead-letter topic and the spool.
 * Reads the ledger on each call, so every instance on the same database answers the same.
 */
public final class JobOverview {

    private final JobCatalog catalog;
    private final RunLedger ledger;
    private final Incidents incidents;
    private final JobTrigger trigger;
    private final DeadLetterDepth deadLetters;
    private final Supplier<SpoolWaiting> spool;

    /** @param spool the spool hook, or a supplier of null while the service has no spool */
    public JobOverview(JobCatalog catalog, RunLedger ledger, Incidents incidents, JobTrigger trigger,
            DeadLetterDepth deadLetters, Supplier<SpoolWaiting> spool) {
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
        List<Map<String, Object>> jobs = new ArrayList<>();
        for (JobDefinition job : catalog.jobs()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("id", job.jobId());
            j.put("source", job.source());
            j.put("topic", job.topic());
            Map<String, Object> schedule = new LinkedHashMap<>();
            schedule.put("cron", job.cron());
            schedule.put("timeZone", catalog.zone(job.jobId()).getId());
            schedule.put("deadline", job.deadline());
            j.put("schedule", schedule);
            j.put("nextFireTime", time(trigger.nextFireTime(job.jobId())));
            LedgerRun last = ledger.last(job.jobId());
            j.put("lastRun", last == null ? null : run(last));
            List<Map<String, Object>> open = new ArrayList<>();
            for (Incident incident : incidents.openOf(job.jobId())) {
                Map<String, Object> i = new LinkedHashMap<>();
                i.put("incidentId", incident.incidentId());
                i.put("cause", incident.cause());
                i.put("runId", incident.runId());
                i.put("openedAt", time(incident.openedAt()));
                i.put("detail", incident.detail());
                open.add(i);
            }
            j.put("openIncidents", open);
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
        answer.put("at", Instant.now().toString());
        return answer;
    }

    public Map<String, Object> runs(String jobId, int limit) {
        List<Map<String, Object>> runs = ledger.recent(jobId, limit).stream().map(JobOverview::run).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("jobId", jobId);
        answer.put("runs", runs);
        return answer;
    }

    static Map<String, Object> run(LedgerRun run) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("runId", run.runId());
        r.put("trigger", run.trigger());
        r.put("start", time(run.startedAt()));
        r.put("end", time(run.endedAt()));
        r.put("outcome", run.outcome());
        r.put("read", run.read());
        r.put("filtered", run.filtered());
        r.put("sent", run.sent());
        r.put("alreadySent", run.alreadySent());
        r.put("deadLettered", run.deadLettered());
        r.put("error", run.error());
        return r;
    }

    private static String time(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static String time(Date date) {
        return date == null ? null : date.toInstant().toString();
    }
}
