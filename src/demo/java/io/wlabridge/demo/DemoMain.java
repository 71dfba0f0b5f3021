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
            List.of("--serve               keep running as the whole service on the embedded default"),
            "0 the run did not fail, 1 it failed", Set.of(), Set.of("serve"), 0, 0);

    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return Commands.execute(Map.of(DEMO, options -> DemoCommand.execute(options, System.out)), args);
    }
}
