package io.wlabridge;

import io.wlabridge.cli.Commands;

/** Entry point: {@code java -jar wla-bridge.jar [command] [--key=value ...]}; the commands live in cli/ ({@link Commands}). */
public final class WlaBridge {

    private WlaBridge() {
    }

    public static void main(String[] args) {
        Commands.logLevels(args);
        System.exit(Commands.execute(args));
    }

    /** Runs one command and returns its exit code (as {@link #main} would exit with). */
    public static int execute(String... args) {
        return Commands.execute(args);
    }
}
