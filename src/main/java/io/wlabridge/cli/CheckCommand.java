package io.wlabridge.cli;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.camel.main.MainListener;

import io.wlabridge.ops.CheckResult;
import io.wlabridge.ops.Preflight;

/**
 * {@code check}: the preflight an operator runs after every change. Loads configuration and jobs (without starting
 * them), then checks the database, Kafka and the registry; one line per check, exit 1 if any fails.
 */
public final class CheckCommand {

    /** How {@code check} is called (wla-bridge help check). */
    public static final CommandSpec SPEC = new CommandSpec("check", "check",
            "Preflight after every change: one OK or FAIL line per check."
                    + "\nChecks the configuration, job files, database, Kafka, delivery guarantee, topics and registry subjects.",
            List.of(), "0 everything OK, 1 anything failed", Set.of(), Set.of(), 0, 0);

    private CheckCommand() {
    }

    public static int execute(Options options, PrintStream out) {
        return execute(options, out, new MainListener[0]);
    }

    /** @param listeners see {@link BridgeMain#BridgeMain(Options, MainListener...)} */
    public static int execute(Options options, PrintStream out, MainListener... listeners) {
        // load everything, start nothing: no job fires while checking
        Options check = options.withOverrides(Map.of("camel.main.auto-startup", "false"));
        try (BridgeMain bridge = new BridgeMain(check, listeners).start()) {
            List<CheckResult> results = new Preflight(bridge.context(), bridge.setup().catalog()).run();
            results.forEach(r -> out.println(r.line()));
            return results.stream().allMatch(CheckResult::ok) ? 0 : 1;
        } catch (Exception e) {
            out.println(CheckResult.fail("configuration", Commands.describe(e)).line());
            return 1;
        }
    }
}
