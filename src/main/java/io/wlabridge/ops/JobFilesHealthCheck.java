package io.wlabridge.ops;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;

/**
 * Readiness check {@code job-files}: whether every job runs what its file says. A rejected edit leaves the previous
 * version running, which is valid, so the check stays UP (a failing probe would take a working instance out of
 * service); its message names each job whose file differs and why, so the next restart does not surprise
 * (see {@code /observe/health/ready?exposureLevel=full}; the gauge {@code wla_job_file_rejected} is the one to alert
 * on, docs/operations.md).
 */
public final class JobFilesHealthCheck extends AbstractHealthCheck {

    private final JobCatalog catalog;

    public JobFilesHealthCheck(JobCatalog catalog) {
        super("wla", "job-files");
        this.catalog = catalog;
    }

    @Override
    public boolean isLiveness() {
        return false;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        java.util.List<String> differing = new java.util.ArrayList<>();
        for (JobDefinition job : catalog.jobs()) {
            String differs = catalog.fileDiffers(job.jobId());
            if (differs != null) {
                builder.detail(job.jobId(), differs);
                differing.add("job " + job.jobId() + ": " + differs);
            }
        }
        // the message, not only the details: the health endpoint shows messages at exposureLevel=full
        builder.message(differing.isEmpty() ? "every job runs what its file says" : String.join("; ", differing));
        builder.up();
    }
}
