package io.wlabridge.demo;

import java.util.Arrays;

import io.wlabridge.cli.Commands;
import io.wlabridge.cli.Options;

/**
 * Entry point of {@code target/wla-bridge-demo.jar}: {@code demo [--serve]} runs on the embedded default (H2,
 * in-process Kafka, registry stand-in); every other command is the service's own ({@link Commands}).
 */
public final class DemoMain {

    private DemoMain() {
    }

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        if (args.length == 0 || !"demo".equals(args[0])) {
            return Commands.execute(args);
        }
        try {
            return DemoCommand.execute(Options.parse(args), System.out);
        } catch (Exception e) {
            System.err.println("wla-bridge: " + Commands.describe(e));
            return 1;
        }
    }
}
