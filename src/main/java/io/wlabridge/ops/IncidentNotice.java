package io.wlabridge.ops;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one JSON shape of an escalation event, on the escalation topic and to the webhook alike (e-mail shows the same
 * fields as text); documented with an example of each event in docs/operations.md, "Escalation events".
 */
final class IncidentNotice {

    /** The event opened the incident. */
    static final String OPENED = "opened";
    /** A run failed again while the job's RUN_FAILED incident was open: the run joins it (escalation topic only). */
    static final String REPEATED = "repeated";
    /** A run that did not fail resolved the incident. */
    static final String RESOLVED = "resolved";

    private IncidentNotice() {
    }

    /**
     * @param incident the incident the event belongs to, or null when wla_incident could not record one
     * @param runId    the run the event is about: the failed run, the run that dead-lettered, the run that resolved
     * @param error    the failed run's one-line error (RUN_FAILED opened or repeated), else null
     */
    static Map<String, Object> of(String event, String jobId, String cause, Incident incident, String runId,
            String error, String errorClass, String resolvedByRunId, String linkUrl) {
        Map<String, Object> notice = new LinkedHashMap<>();
        notice.put("event", event);
        notice.put("severity", RESOLVED.equals(event) ? "INFO" : "ERROR");
        notice.put("jobId", jobId);
        notice.put("incidentId", incident == null ? null : incident.incidentId());
        notice.put("cause", cause);
        notice.put("runId", runId);
        notice.put("openedByRunId", incident == null ? null : incident.runId());
        notice.put("resolvedByRunId", resolvedByRunId);
        notice.put("resolved", RESOLVED.equals(event));
        notice.put("error", error);
        notice.put("errorClass", errorClass);
        notice.put("detail", incident == null ? error : incident.detail());
        notice.put("openedAt", incident == null ? null : incident.openedAt().toString());
        notice.put("time", Instant.now().toString());
        notice.put("link", linkUrl + "?job=" + URLEncoder.encode(jobId, StandardCharsets.UTF_8)
                + (runId == null ? "" : "&run=" + URLEncoder.encode(runId, StandardCharsets.UTF_8)));
        return notice;
    }
}
