package io.wlabridge.job;

/**
 * Told when a run of a scheduled job starts and ends (the run ledger, incidents). This is how the core reports runs
 * without knowing who listens; the observers are called in order, on the run's thread.
 */
public interface RunObserver {

    /** The run has its id and run date; nothing is read yet. */
    default void started(JobRun run) {
    }

    /** The run has finished (outcome and counts final), before anyone waiting on it is told. */
    default void ended(JobRun run) {
    }
}
