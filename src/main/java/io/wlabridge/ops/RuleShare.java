package io.wlabridge.ops;

import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunObserver;

/**
 * A rule that selects every row of a day where the job's last runs selected few of theirs: the shape of an edit that
 * made a comparison always true (docs/commands.md "check"). {@code check} says it before the run (a WARN line), a run
 * after it (a WARN log line), so that it shows in the log too.
 */
public final class RuleShare implements RunObserver {

    /** The job's last runs with rows a rule's share is compared with. */
    static final int HISTORY_RUNS = 10;
    /** Below this share of rows selected by the last runs, a rule now selecting every row is suspicious. */
    static final double FEW = 0.5;

    private static final Logger LOG = LoggerFactory.getLogger(RuleShare.class);

    private final RunLedger ledger;

    public RuleShare(RunLedger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void ended(JobRun run) {
        if (run.dryRun() || run.read() < 2 || run.filtered() > 0) {
            return;
        }
        suspicious(ledger, run.jobId(), run.runId()).ifPresent(before -> LOG.warn("job {} run {}: the rule selected all"
                + " {} rows it read, {} - check the rule (a misspelt field, a comparison that is always true)",
                run.jobId(), run.runId(), run.read(), before));
    }

    /**
     * What the job's last runs with rows (not {@code runId}) selected, when that was few ("where its last 10 run(s)
     * selected 5% of theirs"); empty when they selected much or there are none.
     */
    static Optional<String> suspicious(RunLedger ledger, String jobId, String runId) {
        long read = 0;
        long selected = 0;
        int runs = 0;
        try {
            for (LedgerRun run : ledger.recent(jobId, HISTORY_RUNS * 3)) {
                if (run.endedAt() == null || run.read() == 0 || run.runId().equals(runId) || runs == HISTORY_RUNS) {
                    continue;
                }
                runs++;
                read += run.read();
                selected += run.read() - run.filtered();
            }
        } catch (RuntimeException e) {
            // without the ledger there is nothing to compare with
            return Optional.empty();
        }
        if (runs == 0 || selected >= FEW * read) {
            return Optional.empty();
        }
        return Optional.of("where its last " + runs + " run(s) selected " + Math.round(100.0 * selected / read) + "% of theirs");
    }
}
