package io.wlabridge.ops;

import java.time.Instant;

import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobTrigger;
import io.wlabridge.job.MissedFire;

/** At service start: runs once each job whose last scheduled fire passed while the service was down. */
public final class MissedFireCatchUp {

    private static final Logger LOG = LoggerFactory.getLogger(MissedFireCatchUp.class);

    private MissedFireCatchUp() {
    }

    public static void run(JobCatalog catalog, RunLedger ledger, JobTrigger trigger) throws SchedulerException {
        Instant now = Instant.now();
        for (JobDefinition job : catalog.jobs()) {
            Instant lastRun = ledger.lastStart(job.jobId());
            var missed = MissedFire.of(job.cron(), catalog.zone(job.jobId()), lastRun, now);
            if (missed.isPresent()) {
                LOG.info("job {} missed its fire at {} (last run started {}): running it once now", job.jobId(),
                        missed.get(), lastRun);
                trigger.fire(job.jobId(), "missed-fire");
            }
        }
    }
}
