package io.wlabridge.ops;

import java.util.Date;

/**
 * One job in JMX ({@code io.wlabridge:type=jobs,name=<job-id>}): its last run as the run ledger has it, its next fire
 * and open incidents, and an operation to run it now. Times are null when there is nothing to show.
 */
public interface JobMXBean {

    String getLastRunId();

    String getLastOutcome();

    String getLastTrigger();

    Date getLastRunStart();

    Date getLastRunEnd();

    long getRowsRead();

    long getRowsFiltered();

    long getRowsSent();

    long getRowsAlreadySent();

    long getRowsDeadLettered();

    Date getNextFireTime();

    int getOpenIncidents();

    /** Runs of the job in the ledger (every instance, since the ledger began): survives reloads and restarts. */
    long getRunsTotal();

    /** Failed runs of the job in the ledger (outcome FAILED): alert when it grows. */
    long getRunsFailed();

    /** "running version differs from file: &lt;reason&gt;" while the job's last edit stands rejected; null otherwise. */
    String getFileDiffers();

    /** Starts a run now (trigger "jmx"); returns its run id, or why it could not start. */
    String triggerNow();
}
