package io.wlabridge.job;

/** How a run ended, and the exit code `run` returns for it to workload automation. */
public enum RunOutcome {
    RUNNING(-1),
    /** Everything the rule selected was sent (or had been sent by an earlier run). */
    SUCCEEDED(0),
    /** The run failed as a whole (database, registry or Kafka unreachable after retries); nothing of the failed batch is recorded as sent. */
    FAILED(1),
    /** The run finished but some records went to the dead-letter topic. */
    SUCCEEDED_WITH_DEAD_LETTERS(2);

    private final int exitCode;

    RunOutcome(int exitCode) {
        this.exitCode = exitCode;
    }

    public int exitCode() {
        return exitCode;
    }
}
