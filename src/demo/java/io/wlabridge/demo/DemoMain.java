package io.wlabridge.demo;

import java.util.List;
import java.util.Map;
import java.util.Set;

import io.wlabridge.cli.CommandSpec;
import io.wlabridge.cli.Commands;

/**
 * Entry point of {@code target/wla-bridge-demo.jar}: the service's commands ({@link Commands}) plus
 * {@code demo [--serve]} on the embedded default (H2, in-process Kafka, registry stand-in).
 */
public final class DemoMain {

    /** How {@code demo} is called (wla-bridge help demo, in the demo jar only). */
    public static final CommandSpec DEMO = new CommandSpec("demo", "demo [--serve]",
            "The time-travel job once on the embedded default (H2 with sample rows, an in-process Kafka broker, a\n"
                    + "Schema Registry stand-in); prints the summary, the events and the dead letters.",
            List.of("--serve               keep running as the whole service on the embedded default: overview,",
                    "                      /api/jobs, /observe, the HTTP bridge with a local token issuer; Ctrl-C stops",
                    "--kafka-port=N        with --serve: Kafka's port (default 9092)",
                    "--registry-port=N     with --serve: the registry stand-in's port (default 8081)",
                    "--issuer-port=N       with --serve: the local token issuer's port (default 8082)"),
            "0 the run did not fail, 1 it failed (--serve: 0 when stopped)",
            Set.of("kafka-port", "registry-port", "issuer-port"), Set.of("serve"), 0, 0);

    private DemoMain() {
    }

    public static void main(String[] args) {
        Commands.logLevels(args);
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return Commands.execute(Map.of(DEMO, options -> DemoCommand.execute(options, System.out)), args);
    }
}
