package io.wlabridge.ops;

/**
 * Hook for the overview: how many records of a job wait in the local spool for {@code replay}. The spool bean
 * implements it; the overview finds it in the registry by type and shows "unknown" (null) while none is bound.
 */
public interface SpoolWaiting {

    long waiting(String jobId);
}
