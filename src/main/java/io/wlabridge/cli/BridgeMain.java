package io.wlabridge.cli;

import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;

import io.wlabridge.config.BridgeSetup;
import io.wlabridge.config.WlaOptions;

/** Camel Main as every command runs it: application.properties, overrides, the bridge's routes and jobs. */
public final class BridgeMain implements AutoCloseable {

    /** The route template and error routes from the jar, then one YAML file per job. */
    public static final String ROUTES = "classpath:camel/*.camel.yaml,file:routes/*.camel.yaml";

    private final Main main = new Main();
    private final BridgeSetup setup;

    public BridgeMain(Options options) {
        this.setup = new BridgeSetup("service".equals(options.command()));
        main.setPropertyPlaceholderLocations("file:" + options.configFile() + ";optional=true");
        main.configure().withRoutesIncludePattern(ROUTES);
        main.configure().withJmxEnabled(true);
        main.configure().withName("wla-bridge");
        // job records are small byte[] values; caching them as streams only costs time
        main.configure().withStreamCachingEnabled(false);
        if ("service".equals(options.command())) {
            observeOverHttp();
        }
        for (Map.Entry<String, String> e : options.overrides().entrySet()) {
            main.addOverrideProperty(e.getKey(), e.getValue());
        }
        main.addMainListener(setup);
    }

    /**
     * The service's HTTP server (camel-platform-http-main's management server): /observe/health with the bridge's
     * readiness checks and /observe/metrics in Prometheus format. Initial properties, so application.properties and
     * overrides can still change them; one-shot commands run without a server (no port clash with a running service).
     */
    private void observeOverHttp() {
        main.addInitialProperty("camel.management.enabled", "true");
        main.addInitialProperty("camel.management.port", "{{" + WlaOptions.HTTP_PORT.name() + ":"
                + WlaOptions.HTTP_PORT.defaultValue() + "}}");
        main.addInitialProperty("camel.management.healthCheckEnabled", "true");
        main.addInitialProperty("camel.management.metricsEnabled", "true");
        main.addInitialProperty("camel.metrics.enabled", "true");
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
