package io.wlabridge.cli;

import io.wlabridge.config.ConfigException;

/**
 * The commands of {@code java -jar wla-bridge.jar [command] [--key=value ...]}, each handed to its class here.
 * <ul>
 * <li>(none) - the service: runs the scheduled jobs of routes/*.camel.yaml until stopped</li>
 * <li>{@code run <job-id>} - runs one job once; exit 0 sent, 2 with dead letters, 1 failed</li>
 * <li>{@code send --topic T [--schema S] [--key-field F] --file F|-} - publish records; exit 0 all, 2 some, 1 none delivered</li>
 * <li>{@code check} - preflight: configuration, database, topics, registry subjects; exit 1 on any failure</li>
 * <li>{@code provision --dry-run|--apply} - topics and subjects as the jobs declare; exit 0 done/nothing, 3 pending (dry run), 1 cannot</li>
 * <li>{@code export terraform [--file out.tf]} - Terraform for the Confluent provider from the jobs' declarations</li>
 * <li>{@code replay [--job <id>]} - re-send spooled and (revalidated) dead-lettered records; exit 0 all, 2 some left, 1 none</li>
 * <li>{@code demo [--serve]} - only in target/wla-bridge-demo.jar (io.wlabridge.demo.DemoMain)</li>
 * </ul>
 */
public final class Commands {

    private Commands() {
    }

    public static int execute(String... args) {
        Options options = Options.parse(args);
        try {
            return switch (options.command()) {
                case "service" -> {
                    new BridgeMain(options).runUntilStopped();
                    yield 0;
                }
                case "run" -> RunCommand.execute(options, System.out);
                case "demo" -> throw new UsageException("the demo is not part of the service jar: build with 'mvn -B package'"
                        + " and run 'java -jar target/wla-bridge-demo.jar demo'");
                case "check" -> CheckCommand.execute(options, System.out);
                case "provision" -> ProvisionCommand.execute(options, System.out);
                case "export" -> ExportCommand.execute(options, System.out);
                case "send" -> SendCommand.execute(options, System.in, System.out, System.err);
                case "replay" -> ReplayCommand.execute(options, System.out, System.err);
                default -> throw new UsageException("unknown command '" + options.command()
                        + "': use run <job-id>, send, replay [--job <job-id>], check, provision, export terraform, or no command to run the service");
            };
        } catch (Exception e) {
            System.err.println("wla-bridge: " + describe(e));
            return 1;
        }
    }

    /** One line: the configuration problem if there is one in the chain, else the first message. */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException || t instanceof UsageException) {
                return t.getMessage();
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }
}
