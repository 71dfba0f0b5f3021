package io.wlabridge.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListener;

import io.wlabridge.app.BridgeSetup;
import io.wlabridge.config.ConfigException;
import io.wlabridge.config.SecretsFile;
import io.wlabridge.config.WlaOptions;

/** Camel Main as every command runs it: application.properties, overrides, the bridge's routes and jobs. */
public final class BridgeMain implements AutoCloseable {

    /** The route template and error routes from the jar, then one YAML file per job. */
    // named one by one: a classpath wildcard makes Camel scan every entry of the shaded jar at each start
    public static final String ROUTES = "classpath:camel/job-template.camel.yaml,classpath:camel/job-errors.camel.yaml,"
            + "classpath:camel/automic-trigger-template.camel.yaml,classpath:camel/ops.camel.yaml,file:routes/*.camel.yaml";
    /** The commands whose jobs' scheduler runs: the service, run and the demo; the others never fire a job. */
    private static final Set<String> FIRES_JOBS = Set.of("service", "run", "demo");

    private final Main main = new Main();
    private final BridgeSetup setup;

    public BridgeMain(Options options) {
        this(options, new MainListener[0]);
    }

    /** @param listeners run before the bridge's own setup, e.g. a test registering a properties function */
    public BridgeMain(Options options, MainListener... listeners) {
        this.setup = new BridgeSetup("service".equals(options.command()), Path.of(options.configFile()));
        checkFolders(options);
        String config = "file:" + options.configFile() + ";optional=true";
        // the file a calling job passes wins over application.properties (Camel asks locations in order)
        main.setPropertyPlaceholderLocations(options.value("secrets-file")
                .map(file -> SecretsFile.location(file) + "," + config).orElse(config));
        // every declared default, once (WlaOptions), at the lowest priority: the file, the environment and --key=value
        // win; the templates' {{wla.*}} placeholders resolve without application.properties
        main.setInitialProperties(WlaOptions.defaults());
        main.configure().withRoutesIncludePattern(ROUTES);
        main.configure().withJmxEnabled(true);
        main.configure().withName("wla-bridge");
        // job records are small byte[] values; caching them as streams only costs time
        main.configure().withStreamCachingEnabled(false);
        if ("service".equals(options.command())) {
            serveHttp();
        }
        if (!FIRES_JOBS.contains(options.command())) {
            // export, provision, check, replay, trace: the jobs are loaded and checked, their scheduler never starts
            main.addInitialProperty("camel.component.quartz.autoStartScheduler", "false");
        }
        for (Map.Entry<String, String> e : options.overrides().entrySet()) {
            main.addOverrideProperty(e.getKey(), e.getValue());
        }
        for (MainListener listener : listeners) {
            main.addMainListener(listener);
        }
        main.addMainListener(setup);
    }

    /**
     * The service's two HTTP servers (camel-platform-http-main): the main server on wla.http.host:port carries the
     * bridge's own HTTP routes (platform-http), the management server on wla.management.host:port (this host only by
     * default) /observe/health with the bridge's
     * readiness checks and /observe/metrics in Prometheus format. Two ports, because Camel 4.18.0 ignores the
     * management settings when both share one (CAMEL-25462, fixed after 4.18.0). Initial properties, so
     * application.properties and overrides can still change them; one-shot commands run without a server (no port
     * clash with a running service).
     */
    private void serveHttp() {
        main.addInitialProperty("camel.server.enabled", "true");
        main.addInitialProperty("camel.server.host", "{{" + WlaOptions.HTTP_HOST.name() + "}}");
        main.addInitialProperty("camel.server.port", "{{" + WlaOptions.HTTP_PORT.name() + "}}");
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.host", "{{" + WlaOptions.MANAGEMENT_HOST.name() + "}}");
        main.addInitialProperty("camel.management.port", "{{" + WlaOptions.MANAGEMENT_PORT.name() + "}}");
        main.addInitialProperty("camel.management.healthCheckEnabled", "true");
        main.addInitialProperty("camel.management.metricsEnabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
        // per-route metrics come from the route policy (camel_exchanges_*); the exchange event notifier's timers per
        // endpoint cost two searches through every meter per exchange (Search.gauge in setLastTimeExchange), 4 % of
        // an HTTP bridge request's CPU (JFR)
        main.addInitialProperty("camel.metrics.enableExchangeEventNotifier", "false");
        // the route policy's statistics per route only: those of the whole context (their sum, which Prometheus adds up
        // by itself) were a second set of String.format'ed exchange properties and meters per exchange, 6 % of the
        // event loop in an HTTP bridge request (JFR: ContextMetricsStatistics)
        main.addInitialProperty("camel.metrics.routePolicyLevel", "route");
    }

    /** What a start needs from the working folder, each missing one named with what to do. */
    private static void checkFolders(Options options) {
        Path cwd = Path.of("").toAbsolutePath();
        if (!Files.isDirectory(Path.of("routes"))) {
            throw new ConfigException("no routes/ folder in " + cwd + ": the jobs are routes/<job-id>.camel.yaml beside"
                    + " application.properties; start wla-bridge in the folder that holds routes/ and schemas/ (or"
                    + " create routes/ and add a job, see docs/jobs.md)");
        }
        if (!"application.properties".equals(options.configFile()) && !Files.isRegularFile(Path.of(options.configFile()))) {
            throw new ConfigException("--config=" + options.configFile() + ": no such file (working folder " + cwd
                    + "); give the path of a properties file, or leave --config out to read ./application.properties if there is one");
        }
    }

    /** Starts Camel and the job triggers; returns once everything runs. */
    public BridgeMain start() throws Exception {
        main.start();
        return this;
    }

    /** Runs until the JVM is asked to stop (service mode). */
    public void runUntilStopped() throws Exception {
        main.run();
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public BridgeSetup setup() {
        return setup;
    }

    @Override
    public void close() {
        try {
            main.stop();
        } finally {
            setup.close();
        }
    }
}
