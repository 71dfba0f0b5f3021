package io.wlabridge.ops;

import java.time.Instant;

/**
 * Something about a job an operator must hear of, open until a successful run resolves it.
 *
 * @param incidentId unique id, also in the escalation events
 * @param jobId      the job
 * @param cause      {@link #RUN_FAILED}, {@link #DEADLINE_MISSED} or {@link #DEAD_LETTERS}
 * @param runId      the failed run, or null (a missed deadline has no run)
 * @param openedAt   when it was opened
 * @param detail     what happened, without secrets or record contents
 */
public record Incident(String incidentId, String jobId, String cause, String runId, Instant openedAt, String detail) {

    public static final String RUN_FAILED = "RUN_FAILED";
    public static final String DEADLINE_MISSED = "DEADLINE_MISSED";
    /** A run dead-lettered more records than the job's deadLetterThreshold. */
    public static final String DEAD_LETTERS = "DEAD_LETTERS";
}
