package io.wlabridge.ops;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.camel.CamelContext;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunObserver;

/**
 * Each job's runs as Prometheus counters on /observe/metrics (Camel's meter registry {@code metricsRegistry}), named
 * for alerting (docs/operations.md "Monitoring and alerting"): {@code wla_job_runs_total{job,outcome}},
 * {@code wla_job_runs_failed_total{job}}, {@code wla_job_rows_sent_total{job}},
 * {@code wla_job_rows_dead_lettered_total{job}} and the gauge {@code wla_job_file_rejected{job}}. Keyed by job id, not
 * by route: a reload replaces the route (and Camel's route counters) but not these. They count from the process start.
 */
public final class JobMetrics implements RunObserver {

    private final CamelContext context;
    private final JobCatalog live;

    /** @param live the service's catalog, which knows whether a job's file differs from what runs */
    public JobMetrics(CamelContext context, JobCatalog live) {
        this.context = context;
        this.live = live;
    }

    /** Registers the meters of {@code jobs} at zero, so alerts see them before a first run (after start, after a reload). */
    public void register(JobCatalog jobs) {
        MeterRegistry registry = registry();
        if (registry == null) {
            return;
        }
        for (JobDefinition job : jobs.jobs()) {
            String id = job.jobId();
            failed(registry, id);
            for (String outcome : new String[] {"SUCCEEDED", "SUCCEEDED_WITH_DEAD_LETTERS", "FAILED"}) {
                runs(registry, id, outcome);
            }
            Counter.builder("wla.job.rows.sent").tag("job", id).description("Records the job's runs sent").register(registry);
            Counter.builder("wla.job.rows.dead.lettered").tag("job", id).description("Rows the job's runs dead-lettered")
                    .register(registry);
            Gauge.builder("wla.job.file.rejected", live, c -> c.fileDiffers(id) == null ? 0 : 1).tag("job", id)
                    .description("1 while the job's file holds a rejected edit: the running version differs from the file")
                    .register(registry);
        }
    }

    @Override
    public void ended(JobRun run) {
        MeterRegistry registry = registry();
        if (registry == null || run.dryRun()) {
            return;
        }
        String outcome = run.outcome().name();
        runs(registry, run.jobId(), outcome).increment();
        if ("FAILED".equals(outcome)) {
            failed(registry, run.jobId()).increment();
        }
        Counter.builder("wla.job.rows.sent").tag("job", run.jobId()).register(registry).increment(run.sent());
        Counter.builder("wla.job.rows.dead.lettered").tag("job", run.jobId()).register(registry).increment(run.deadLettered());
    }

    private static Counter runs(MeterRegistry registry, String jobId, String outcome) {
        return Counter.builder("wla.job.runs").tag("job", jobId).tag("outcome", outcome)
                .description("Runs of the job that ended, by outcome").register(registry);
    }

    private static Counter failed(MeterRegistry registry, String jobId) {
        return Counter.builder("wla.job.runs.failed").tag("job", jobId)
                .description("Runs of the job that failed (outcome FAILED): alert on its increase").register(registry);
    }

    /** Camel's meter registry (camel-micrometer-prometheus binds it once metrics are on), or null without metrics. */
    private MeterRegistry registry() {
        MeterRegistry registry = context.getRegistry().lookupByNameAndType("metricsRegistry", MeterRegistry.class);
        return registry != null ? registry : context.getRegistry().findSingleByType(MeterRegistry.class);
    }
}
