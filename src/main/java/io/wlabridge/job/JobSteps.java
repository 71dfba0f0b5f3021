package io.wlabridge.job;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultMessage;
import org.apache.camel.support.GroupIterator;
import org.apache.camel.support.ObjectHelper;
import org.apache.camel.support.SynchronizationAdapter;
import org.quartz.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The Java steps of the {@code wla-job} route template (bound as bean {@code jobSteps}). Each method is one step the
 * template names; the shape of the route itself lives in the template.
 */
public final class JobSteps {

    /** Header with the id that makes a record unique for its job; sent to Kafka too, for idempotent consumers. */
    public static final String EVENT_ID_HEADER = RecordBuilder.EVENT_ID_HEADER;
    /** Header a caller sets to say how a run was started (schedule, manual, command-line). */
    public static final String TRIGGER_HEADER = "wlaTrigger";
    /** The run date (yyyy-MM-dd) a fire asks for instead of the service's ({@link JobTrigger#fire}). */
    public static final String RUN_DATE_HEADER = "wlaRunDate";
    /** How the ledger names a run of a fire that another cluster instance was running when it died. */
    public static final String RECOVERED = "recovered";
    /**
     * Exchange property: the fire's scheduled time (an OffsetDateTime in UTC; a recovered fire keeps its original
     * time), for queries as :#${exchangeProperty.wlaFireTime}.
     */
    public static final String FIRE_TIME_PROPERTY = "wlaFireTime";

    private static final Logger LOG = LoggerFactory.getLogger(JobSteps.class);
    /** Chunks read ahead of the one the route works on. */
    private static final int PREFETCH_CHUNKS = 4;

    private final JobCatalog catalog;
    private final List<RunObserver> observers;
    private final JobRunListener listener;
    private final LocalDate runDate;
    private final Duration progressEvery;

    /**
     * @param observers told of each run's start and end, in this order (run ledger first)
     * @param runDate the run date every run uses (wla.job.run-date), or null for today in the job's time zone
     * @param progressEvery how often a running run logs its progress (zero: never)
     */
    public JobSteps(JobCatalog catalog, List<RunObserver> observers, JobRunListener listener, LocalDate runDate,
            Duration progressEvery) {
        this.runDate = runDate;
        this.progressEvery = progressEvery;
        this.catalog = catalog;
        this.observers = List.copyOf(observers);
        this.listener = listener;
    }

    /** First step: opens the run (id, counters, ledger row) and closes it when the exchange is done. */
    public void start(Exchange exchange) {
        String jobId = exchange.getFromRouteId();
        JobDefinition job = catalog.job(jobId);
        LocalDate runDate = runDate(exchange, jobId);
        Date scheduled = exchange.getMessage().getHeader("scheduledFireTime", Date.class);
        JobRun run = new JobRun(job, trigger(exchange), runDate, scheduled == null ? null : scheduled.toInstant(),
                instance(exchange));
        exchange.setProperty(FIRE_TIME_PROPERTY, fireTime(exchange));
        // a plain message: Quartz's message type would re-create its headers (job detail, fire times, ...) in every
        // copy the splits make, costing more per record than all the job's own steps together
        exchange.setMessage(new DefaultMessage(exchange));
        exchange.setProperty(JobRun.PROPERTY, run);
        exchange.setProperty(RecordBuilder.RUN_DATE_PROPERTY, runDate);
        // the route's steps stay on the trigger's thread, so plain MDC is enough there; the send session's and the
        // read-ahead's own threads name job and run in each of their lines
        MDC.put("wlaJobId", jobId);
        MDC.put("wlaRunId", run.runId());
        for (RunObserver observer : observers) {
            observer.started(run);
        }
        listener.started(run);
        RunProgress.report(run, progressEvery);
        LOG.info("job {} run {} started ({}, run date {})", jobId, run.runId(), run.trigger(), runDate);
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                finish(run, done);
            }
        });
    }

    /**
     * The fetched rows in chunks of {@code size} rows (a list each), read as the result set streams, a few chunks ahead
     * on a thread of their own ({@link Prefetch}). Written here because simple's {@code ${collate(n)}} yields one list
     * of every row from the second run of a route on (Camel 4.18.0).
     */
    public Iterator<Object> chunks(Exchange exchange, int size) {
        Iterator<Object> chunks = new GroupIterator(ObjectHelper.createIterator(exchange.getMessage().getBody()), size);
        Prefetch prefetch = new Prefetch(chunks, PREFETCH_CHUNKS, "wla-fetch-" + exchange.getFromRouteId());
        // however the split ends, the reading stops with the run
        exchange.getExchangeExtension().addOnCompletion(new SynchronizationAdapter() {
            @Override
            public void onDone(Exchange done) {
                prefetch.close();
            }
        });
        return prefetch;
    }

    private void finish(JobRun run, Exchange exchange) {
        if (exchange.isFailed() && run.failure() == null) {
            Throwable cause = exchange.getException();
            run.fail(cause == null ? "failed" : FailureDescription.of(cause));
        }
        run.finish();
        try {
            for (RunObserver observer : observers) {
                observer.ended(run);
            }
        } finally {
            LOG.info("job {} run {} ended: {}", run.jobId(), run.runId(), run.summary());
            listener.finished(run);
            MDC.remove("wlaJobId");
            MDC.remove("wlaRunId");
            run.complete();
        }
    }

    private static OffsetDateTime fireTime(Exchange exchange) {
        Date scheduled = exchange.getMessage().getHeader("scheduledFireTime", Date.class);
        return (scheduled == null ? Instant.now() : scheduled.toInstant()).atOffset(ZoneOffset.UTC);
    }

    /** The Quartz scheduler's instance id when clustered (wla.cluster.instance-name or AUTO), else the host name. */
    private static String instance(Exchange exchange) {
        try {
            Scheduler scheduler = exchange.getMessage().getHeader("scheduler", Scheduler.class);
            String id = scheduler == null ? null : scheduler.getSchedulerInstanceId();
            if (id != null && !id.equals("NON_CLUSTERED")) {
                return id;
            }
        } catch (org.quartz.SchedulerException e) {
            // no instance id: the host name says as much outside a cluster
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "unknown host";
        }
    }

    static JobRun run(Exchange exchange) {
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        if (run == null) {
            throw new IllegalStateException("no job run on exchange " + exchange.getExchangeId()
                    + ": the route must start with the jobSteps 'start' step");
        }
        return run;
    }

    /** The fire's own run date (see {@link JobTrigger#fire}), else wla.job.run-date, else today in the job's zone. */
    private LocalDate runDate(Exchange exchange, String jobId) {
        Object data = exchange.getMessage().getHeader("mergedJobDataMap");
        if (data instanceof Map<?, ?> map && map.get(RUN_DATE_HEADER) != null) {
            return LocalDate.parse(map.get(RUN_DATE_HEADER).toString());
        }
        return this.runDate != null ? this.runDate : LocalDate.now(catalog.zone(jobId));
    }

    private static String trigger(Exchange exchange) {
        Object data = exchange.getMessage().getHeader("mergedJobDataMap");
        if (data instanceof Map<?, ?> map && map.containsKey(Scheduler.FAILED_JOB_ORIGINAL_TRIGGER_NAME)) {
            return RECOVERED;
        }
        String given = exchange.getMessage().getHeader(TRIGGER_HEADER, String.class);
        if (given != null) {
            return given;
        }
        if (data instanceof Map<?, ?> map && map.get(TRIGGER_HEADER) != null) {
            return map.get(TRIGGER_HEADER).toString();
        }
        return exchange.getFromEndpoint() != null && exchange.getFromEndpoint().getEndpointUri().startsWith("quartz")
                ? "schedule" : "manual";
    }
}
