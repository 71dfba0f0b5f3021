package io.wlabridge.ops;

import java.time.Instant;

/**
 * One row of the run ledger {@code wla_run}, as read back. {@code endedAt} is null while the run is going, {@code error}
 * unless the run failed; {@code instance} is where it ran (Quartz instance id in a cluster, else the host name) and
 * {@code fireTime} the scheduled time of its fire (null for runs without one, and for runs older than the column).
 */
public record LedgerRun(String runId, String trigger, Instant startedAt, Instant endedAt, String outcome, long read,
        long filtered, long sent, long alreadySent, long deadLettered, String error, String instance, Instant fireTime) {
}
