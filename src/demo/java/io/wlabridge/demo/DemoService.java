package io.wlabridge.demo;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.cli.UsageException;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.JobRun;

/**
 * {@code demo --serve}: the whole service as {@code java -jar wla-bridge.jar} runs it (the scheduled job, the overview
 * and /api/jobs, /observe/health and /observe/metrics, JMX, the HTTP bridge /v1 and /v3) on the embedded default: H2
 * with the demo rows, the in-process broker, the registry stand-in and a {@link LocalTokenIssuer} for the bridge's
 * tokens. Runs the job once, prints one block with every address and credential (the operator password and the
 * client's id and secret are new at each start), then stays quiet until SIGINT (Ctrl-C) or SIGTERM, which close
 * everything and exit 0.
 *
 * <p>Fixed ports, so that README's examples work: {@code wla.http.port} 8080 and {@code wla.management.port} 9876
 * (the service's defaults), Kafka 9092, the registry 8081, the token issuer 8082; {@code --wla.http.port=N},
 * {@code --wla.management.port=N}, {@code --kafka-port=N}, {@code --registry-port=N} and {@code --issuer-port=N} move
 * them (0: a free port for the last three).
 */
final class DemoService {

    static final int KAFKA_PORT = 9092;
    static final int REGISTRY_PORT = 8081;
    static final int ISSUER_PORT = 8082;
    /** A topic for trying the HTTP bridge, created at the start: README's examples produce to it and read it. */
    static final String TRY_TOPIC = "acc.orders";

    private static final String HOST = EmbeddedKafkaBroker.HOST;
    private static final List<String> ROLES = List.of("wla-producers", "wla-readers", "wla-admins");
    private static final String PERMISSIONS = "produce:*=wla-producers;consume:*=wla-readers;"
            + "metadata:*=wla-readers,wla-producers;create:*=wla-admins";

    private DemoService() {
    }

    static int serve(Options options, PrintStream out) throws Exception {
        CountDownLatch stop = stopOnSignal();
        RegistryStandIn registry = new RegistryStandIn().start(HOST, port(options, "registry-port", REGISTRY_PORT));
        try (LocalTokenIssuer issuer = LocalTokenIssuer.start(port(options, "issuer-port", ISSUER_PORT), ROLES);
                EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start(port(options, "kafka-port", KAFKA_PORT))) {
            kafka.createTopic(TRY_TOPIC, 1);
            Map<String, String> settings = new HashMap<>(DemoCommand.embeddedDefault(kafka, registry));
            settings.put(WlaOptions.API_ISSUER.name(), issuer.issuer());
            settings.put(WlaOptions.API_AUDIENCE.name(), LocalTokenIssuer.AUDIENCE);
            settings.put(WlaOptions.API_PERMISSIONS.name(), PERMISSIONS);
            settings.put(WlaOptions.OVERVIEW_PASSWORD.name(), LocalTokenIssuer.randomText(9));
            Options service = new Options("service", options.arguments(), options.overrides(), options.values(),
                    options.flags(), options.configFile()).withOverrides(settings);
            try (BridgeMain bridge = new BridgeMain(service).start()) {
                DemoCommand.seed(bridge);
                // through the service's own trigger, as the overview's Run now: the overview shows it, the topic has events
                JobRun run = bridge.setup().trigger().fire(DemoCommand.JOB, "demo").get(10, TimeUnit.MINUTES);
                if (stop.getCount() > 0) {
                    out.print(block(new Settings(bridge.context()), run, kafka, registry, issuer));
                    out.flush();
                }
                stop.await();
            }
        } finally {
            registry.stop();
        }
        return 0;
    }

    private static String block(Settings settings, JobRun run, EmbeddedKafkaBroker kafka, RegistryStandIn registry,
            LocalTokenIssuer issuer) {
        String web = "http://" + HOST + ":" + settings.getInt(WlaOptions.HTTP_PORT);
        String management = "http://" + HOST + ":" + settings.getInt(WlaOptions.MANAGEMENT_PORT);
        StringBuilder b = new StringBuilder();
        b.append("WLA Bridge: the service on the embedded default (H2, in-process Kafka, registry stand-in, local token issuer)\n");
        line(b, "ran once", run.summary());
        line(b, "overview", web + "/");
        line(b, "jobs API", web + "/api/jobs");
        line(b, "health", management + "/observe/health");
        line(b, "metrics", management + "/observe/metrics");
        line(b, "HTTP bridge", web + " (/v1 HDInsight, /v3 Confluent; topic " + TRY_TOPIC + " to try)");
        line(b, "Kafka bootstrap", kafka.bootstrapServers());
        line(b, "Schema Registry", registry.url());
        line(b, "token URL", issuer.tokenUrl());
        line(b, "operator login", settings.get(WlaOptions.OVERVIEW_USER) + " / "
                + settings.get(WlaOptions.OVERVIEW_PASSWORD) + "  (the overview's Run now)");
        line(b, "client id", issuer.clientId());
        line(b, "client secret", issuer.clientSecret());
        b.append("Get a token and produce one record (jq reads the token):\n");
        b.append("  TOKEN=$(curl -s -X POST ").append(issuer.tokenUrl()).append(" -d grant_type=client_credentials \\\n");
        b.append("    -d client_id=").append(issuer.clientId()).append(" --data-urlencode client_secret=")
                .append(issuer.clientSecret()).append(" \\\n");
        b.append("    --data-urlencode scope=").append(LocalTokenIssuer.SCOPE).append(" | jq -r .access_token)\n");
        b.append("  curl -X POST -H \"Authorization: Bearer $TOKEN\" -H 'Content-Type: application/json' \\\n");
        b.append("    -d '{\"records\": [{\"key\": \"k1\", \"value\": {\"id\": 1}}]}' ").append(web)
                .append("/v1/producer/topics/").append(TRY_TOPIC).append('\n');
        b.append("Logs go to stderr. Ctrl-C stops everything.\n");
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format("  %-16s %s\n", label, value));
    }

    private static int port(Options options, String name, int fixed) {
        String value = options.value(name).orElse(String.valueOf(fixed));
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " is '" + value + "' but must be a port number (0: a free one)");
    }

    /**
     * SIGINT and SIGTERM release the returned latch instead of ending the JVM, so that the caller closes the service,
     * broker, registry and issuer in order and exits 0 (with a shutdown hook the JVM halts with 130/143 as soon as the
     * hook returns, while the service may still be closing). sun.misc.Signal: the JDK has no supported API for this.
     * A second signal ends the process at once, should closing hang.
     */
    private static CountDownLatch stopOnSignal() {
        CountDownLatch stop = new CountDownLatch(1);
        for (String name : List.of("INT", "TERM")) {
            sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> {
                if (stop.getCount() == 0) {
                    Runtime.getRuntime().halt(128 + signal.getNumber());
                }
                stop.countDown();
            });
        }
        return stop;
    }
}
