package io.wlabridge.app;

import java.io.PrintStream;
import java.time.Duration;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.MainListenerSupport;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.automic.TriggerCatalog;
import io.wlabridge.config.ConfigException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.ColumnRows;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobRunListener;
import io.wlabridge.job.JobSteps;
import io.wlabridge.job.JobTrigger;
import io.wlabridge.job.RecordPipeline;
import io.wlabridge.job.RecordSender;
import io.wlabridge.job.RunObserver;
import io.wlabridge.job.SentLedger;
import io.wlabridge.kafka.KafkaSetup;
import io.wlabridge.ops.BridgeTables;
import io.wlabridge.ops.DeadlineWatch;
import io.wlabridge.ops.Escalation;
import io.wlabridge.ops.IncidentChannels;
import io.wlabridge.ops.IncidentEvents;
import io.wlabridge.ops.IncidentResolution;
import io.wlabridge.ops.Incidents;
import io.wlabridge.ops.JobMBeans;
import io.wlabridge.ops.MissedFireCatchUp;
import io.wlabridge.ops.JobMetrics;
import io.wlabridge.ops.RuleShare;
import io.wlabridge.ops.RunLedger;
import io.wlabridge.ops.Spool;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * Wires the bridge once Camel Main has read its configuration and routes, before anything starts: checks the
 * settings and every job, creates the bridge tables and binds the beans the route template names.
 */
public final class BridgeSetup extends MainListenerSupport implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeSetup.class);

    private final JobRunListener runs = new JobRunListener();
    private final boolean service;
    /** Where a dry run prints its events (run --dry-run), or null. */
    private PrintStream dryRun;
    private HikariDataSource dataSource;
    /** The pools of the sources jobs read, by name (wla.datasource's is {@link #dataSource}). */
    private final Map<String, HikariDataSource> sources = new LinkedHashMap<>();
    private final Path configFile;
    private JobCatalog catalog;
    private TriggerCatalog triggers;
    private RunLedger ledger;
    private JobTrigger trigger;
    private Incidents incidents;
    private final JobMBeans mbeans = new JobMBeans();

    /**
     * @param service whether this is the long-running service: it runs jobs whose fire passed while it was down and
     *                watches the jobs' deadlines; one-shot commands do neither
     */
    public BridgeSetup(boolean service) {
        this(service, Path.of("application.properties"));
    }

    /** @param configFile the configuration file (application.properties or --config): the drivers folder is beside it */
    public BridgeSetup(boolean service, Path configFile) {
        this.service = service;
        this.configFile = configFile;
    }

    /**
     * Call before start: the runs of this process send nothing and record nothing (no wla_run, wla_sent or ledger
     * writes, schemas looked up but not registered); each event a run would send is printed to {@code out}.
     */
    public void dryRun(PrintStream out) {
        this.dryRun = out;
    }

    @Override
    public void afterConfigure(BaseMainSupport main) {
        CamelContext context = main.getCamelContext();
        // before Camel logs its property-placeholders summary (once the context starts)
        SecretMasking.configure(context);
        Settings settings = new Settings(context);
        if (service) {
            // before anything else is opened: a port that is not the service's own stops the start
            ServicePorts.checkFree(settings);
        }
        KafkaSetup.configure(context, settings);
        settings.getInt(WlaOptions.JOB_CHUNK_SIZE);
        catalog = JobCatalog.load(context, Path.of(settings.get(WlaOptions.JOB_SCHEMAS_DIR)));
        triggers = TriggerCatalog.load(context, catalog);
        RegistryAvroDataFormat avro = RegistrySetup.dataFormat(settings);

        Path drivers = JdbcDrivers.folder(settings.get(WlaOptions.DRIVERS_DIR), configFile);
        JdbcDrivers.load(drivers);
        dataSource = DataSources.state(settings, drivers);
        for (String source : catalog.sources()) {
            if (!source.equals(WlaOptions.STATE_SOURCE)) {
                sources.put(source, DataSources.source(settings, source, drivers));
            }
        }
        BridgeTables.create(dataSource);
        // one-shot commands keep the in-memory scheduler: only the service joins the cluster
        boolean clustered = service && ClusterSetup.configure(context, settings, dataSource);
        ledger = new RunLedger(dataSource);
        trigger = new JobTrigger(context, runs);
        incidents = new Incidents(dataSource);
        IncidentChannels channels = EscalationSetup.channels(context, settings, catalog, incidents);
        IncidentEvents incidentEvents = new IncidentEvents(context, incidents, channels);
        Spool spool = EscalationSetup.spool(settings);

        Registry registry = context.getRegistry();
        registry.bind("dataSource", dataSource);
        registry.bind(JobCatalog.sourceBean(WlaOptions.STATE_SOURCE), dataSource);
        sources.forEach((name, pool) -> registry.bind(JobCatalog.sourceBean(name), pool));
        registry.bind("registryAvroDataFormat", avro);
        registry.bind("jobRunListener", runs);
        registry.bind("jobCatalog", catalog);
        JobMetrics metrics = new JobMetrics(context, catalog);
        List<RunObserver> observers = dryRun != null ? List.of()
                : List.of(ledger, new IncidentResolution(incidents, incidentEvents, catalog), metrics, new RuleShare(ledger));
        registry.bind("jobSteps", new JobSteps(catalog, observers, runs, runDate(settings),
                Duration.ofMillis(settings.getLong(WlaOptions.JOB_PROGRESS_INTERVAL_MS))));
        registry.bind("columnRows", new ColumnRows());
        registry.bind("recordPipeline", new RecordPipeline(catalog, avro, settings.get(WlaOptions.REGISTRY_URL)));
        RecordSender sender = DeliverySetup.sender(context, settings, new SentLedger(dataSource,
                settings.getInt(WlaOptions.DELIVERY_SENT_RETENTION_DAYS)), spool);
        if (dryRun != null) {
            avro.setLookupOnly(true);
            sender.dryRun(dryRun);
        }
        registry.bind("recordSender", sender);
        registry.bind("spool", spool);
        registry.bind("escalation", new Escalation(incidents, channels));
        registry.bind("deadlineWatch", new DeadlineWatch(catalog, ledger, incidents, incidentEvents));
        AutomicSetup.configure(context, settings, triggers, dataSource, avro, service);
        OpsSetup.healthChecks(context, settings, sources.keySet(), catalog);
        registerMBeansAndStopWithContext(context);
        if (service) {
            ApiSetup.configure(context, settings, avro);
            OpsSetup.deadlineWatches(context, catalog);
            OverviewSetup.serve(context, settings, catalog, ledger, incidents, trigger, runs);
            SecretRefresh.start(context, settings, dataSource, sources, avro);
            if (!clustered) {
                // clustered, the schedules persist: Quartz's misfire handling runs a missed fire once, on one instance
                catchUpAfterStart(context);
            }
            AfterStart.run(context, "register the job metrics", () -> metrics.register(catalog));
            ReloadSetup.watch(main, settings, catalog, triggers::contains, dataSource, job -> {
                mbeans.register(job, catalog, ledger, incidents, trigger);
                metrics.register(job);
            });
        }
    }

    private void registerMBeansAndStopWithContext(CamelContext context) {
        try {
            context.addStartupListener((started, alreadyStarted) -> mbeans.register(catalog, ledger, incidents, trigger));
            // stopped with the context however it stops (Main.stop() does not call the listeners' stop callbacks):
            // the MBeans go and the pool's connections are closed
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    mbeans.unregister();
                    closeDataSource();
                }
            }, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot register the job MBeans: " + e.getMessage(), e);
        }
    }

    /** wla.job.run-date: a fixed run date (e.g. the logical date an Automic job passes to `run`), or null for today. */
    private LocalDate runDate(Settings settings) {
        String text = settings.get(WlaOptions.JOB_RUN_DATE).trim();
        if (text.isEmpty()) {
            return null;
        }
        try {
            LocalDate date = LocalDate.parse(text);
            if (service) {
                LOG.warn("{} is {}: every run of the service uses this run date instead of the day it fires on",
                        WlaOptions.JOB_RUN_DATE.name(), date);
            }
            return date;
        } catch (java.time.format.DateTimeParseException e) {
            throw new ConfigException(WlaOptions.JOB_RUN_DATE.name() + " is '" + text
                    + "' but must be a date yyyy-MM-dd (or empty for today)");
        }
    }

    private void catchUpAfterStart(CamelContext context) {
        AfterStart.run(context, "watch for missed fires", () -> MissedFireCatchUp.run(catalog, ledger, trigger));
    }

    @Override
    public void afterStop(BaseMainSupport main) {
        closeDataSource();
    }

    /** Closes the connection pool; Camel Main calls afterStop only when it ran with run(), so BridgeMain calls this too. */
    @Override
    public void close() {
        closeDataSource();
    }

    private void closeDataSource() {
        if (dataSource != null && !dataSource.isClosed()) {
            dataSource.close();
        }
        sources.values().stream().filter(pool -> !pool.isClosed()).forEach(HikariDataSource::close);
    }

    public JobRunListener runs() {
        return runs;
    }

    public JobTrigger trigger() {
        return trigger;
    }

    public JobCatalog catalog() {
        return catalog;
    }

    /** The trigger jobs (template wla-automic-trigger). */
    public TriggerCatalog triggers() {
        return triggers;
    }
}
