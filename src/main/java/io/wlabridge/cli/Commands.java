package io.wlabridge.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.wlabridge.config.ConfigException;
import io.wlabridge.job.YamlFault;

/**
 * The commands of {@code java -jar wla-bridge.jar [command] [options]}: help and version, then each command line
 * checked against its command's {@link CommandSpec} (a wrong option is one line and exit 1, never a started service)
 * and handed to its class. The usage text of each command lives beside it ({@code SPEC}).
 */
public final class Commands {

    /** One command: runs with its options and returns the process's exit code. */
    @FunctionalInterface
    public interface Command {
        int run(Options options) throws Exception;
    }

    private Commands() {
    }

    /** The service's commands, in the order help lists them. */
    private static Map<String, Map.Entry<CommandSpec, Command>> serviceCommands() {
        Map<String, Map.Entry<CommandSpec, Command>> commands = new LinkedHashMap<>();
        add(commands, ServiceCommand.SPEC, ServiceCommand::execute);
        add(commands, RunCommand.SPEC, o -> RunCommand.execute(o, System.out));
        add(commands, SendCommand.SPEC, o -> SendCommand.execute(o, System.in, System.out, System.err));
        add(commands, CheckCommand.SPEC, o -> CheckCommand.execute(o, System.out));
        add(commands, ProvisionCommand.SPEC, o -> ProvisionCommand.execute(o, System.out));
        add(commands, ExportCommand.SPEC, o -> ExportCommand.execute(o, System.out));
        add(commands, ReplayCommand.SPEC, o -> ReplayCommand.execute(o, System.out, System.err));
        add(commands, TraceCommand.SPEC, o -> TraceCommand.execute(o, System.out));
        return commands;
    }

    private static void add(Map<String, Map.Entry<CommandSpec, Command>> commands, CommandSpec spec, Command command) {
        commands.put(spec.name(), Map.entry(spec, command));
    }

    public static int execute(String... args) {
        return execute(Map.of(), args);
    }

    /** @param extra commands beyond the service's (the demo jar's {@code demo}) */
    public static int execute(Map<CommandSpec, Command> extra, String... args) {
        Map<String, Map.Entry<CommandSpec, Command>> commands = serviceCommands();
        extra.forEach((spec, command) -> add(commands, spec, command));
        try {
            List<String> given = List.of(args);
            // first of all: a secret on the command line stops everything, even --version and help
            CommandLineSecrets.refuse(Options.parse(args));
            if (given.contains("--version")) {
                System.out.println("wla-bridge " + version());
                return 0;
            }
            if (!given.isEmpty() && given.get(0).equals("help")) {
                System.out.print(given.size() == 1 ? overview(commands) : spec(commands, given.get(1)).usage());
                return 0;
            }
            Options options = Options.parse(args);
            if (given.contains("--help") || given.contains("-h")) {
                boolean general = "service".equals(options.command()) || options.command().startsWith("-");
                System.out.print(general ? overview(commands)
                        : spec(commands, options.command()).usage());
                return 0;
            }
            CommandSpec spec = spec(commands, options.command());
            for (String argument : options.arguments()) {
                if (argument.startsWith("-") && !argument.equals("-")) {
                    throw new UsageException(spec.name() + ": unknown option " + argument + "; see 'wla-bridge help "
                            + spec.name() + "'");
                }
            }
            spec.check(options);
            return commands.get(spec.name()).getValue().run(options);
        } catch (Exception e) {
            System.err.println("wla-bridge: " + describe(e));
            return 1;
        }
    }

    private static CommandSpec spec(Map<String, Map.Entry<CommandSpec, Command>> commands, String name) {
        Map.Entry<CommandSpec, Command> entry = commands.get(name);
        if (entry == null && "demo".equals(name)) {
            throw new UsageException("the demo is not part of the service jar: build with 'mvn -B package' and run"
                    + " 'java -jar target/wla-bridge-demo.jar demo'");
        }
        if (entry == null) {
            String known = commands.keySet().stream().filter(n -> !n.equals("service")).toList().toString();
            throw new UsageException(name.startsWith("-") ? "unknown option " + name + "; see 'wla-bridge --help'"
                    : "unknown command '" + name + "': the commands are " + known
                    + ", or none to run the service; see 'wla-bridge --help'");
        }
        return entry.getKey();
    }

    /** The overview {@code --help} and {@code help} print: every command in one line, then what they share. */
    static String overview(Map<String, Map.Entry<CommandSpec, Command>> commands) {
        StringBuilder text = new StringBuilder("usage: wla-bridge [command] [options]\n\n"
                + "WLA Bridge: scheduled jobs from a database to Kafka (Avro, Schema Registry), an HTTP bridge and a\n"
                + "command line for applications without a Kafka client. Settings: ./application.properties, WLA_*\n"
                + "environment variables, --key=value (docs/configuration.md).\n\ncommands:\n");
        for (Map.Entry<CommandSpec, Command> entry : commands.values()) {
            CommandSpec spec = entry.getKey();
            String name = "service".equals(spec.name()) ? "(none)" : spec.name();
            text.append(String.format("  %-10s %s%n", name, spec.summary().lines().findFirst().orElse("")));
        }
        text.append(String.format("  %-10s %s%n", "help", "this text; 'help <command>' or '<command> --help': a command's options"));
        text.append("\ncommon options:\n");
        CommandSpec.COMMON.forEach(o -> text.append("  ").append(o).append("\n"));
        text.append("  --version             the version\n");
        text.append("\nexit codes: 0 done; 1 failed or wrong usage; 2 partly (dead letters, records not delivered);"
                + " 3 changes pending (provision --dry-run)\n");
        return text.toString();
    }

    /**
     * Before anything logs (logback reads it once, src/main/resources/logback.xml): {@code --verbose} brings every
     * library's lines back to the console, which otherwise shows the bridge's own lines and the libraries' WARN and
     * ERROR only.
     */
    public static void logLevels(String... args) {
        if (List.of(args).contains("--verbose") && System.getProperty("wla.log.libraries") == null) {
            System.setProperty("wla.log.libraries", "INFO");
        }
    }

    /** The jar's version (its manifest), or "development build" when run from classes. */
    static String version() {
        String version = Commands.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }

    /** One line: the configuration problem if there is one in the chain, else the first message. */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConfigException || t instanceof UsageException) {
                return t.getMessage();
            }
        }
        String yaml = YamlFault.describe(e);
        if (yaml != null) {
            return yaml;
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage()).replaceAll("\\s*\\R\\s*", " ");
    }
}
