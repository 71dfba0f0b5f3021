package io.wlabridge.cli;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a command accepts and how it is described. Each command declares its own beside its code ({@code SPEC});
 * {@link Commands} prints them for {@code help} and checks every command line against them before anything starts,
 * so a mistyped option never starts the service.
 *
 * @param name      the command word ("service" for none)
 * @param synopsis  how it is called, e.g. {@code run <job-id> [--dry-run] [--as-of yyyy-MM-dd]}
 * @param summary   one line: what it does
 * @param options   one line per option it takes: "--name VALUE  what it means"
 * @param exitCodes one line: what each exit code means
 * @param values    options that take a value (--name V or --name=V)
 * @param flags     options without a value
 * @param minArguments, maxArguments how many plain arguments it takes
 */
public record CommandSpec(String name, String synopsis, String summary, List<String> options, String exitCodes,
        Set<String> values, Set<String> flags, int minArguments, int maxArguments) {

    /** Options every command takes besides its own. */
    static final List<String> COMMON = List.of(
            "--config=FILE         the settings file (default ./application.properties; optional)",
            "--secrets-file=PATH   a properties file of secrets the calling job passes",
            "--<key>=VALUE         any setting but a secret, e.g. --wla.kafka.bootstrap-servers=host:9092 (highest priority)",
            "--verbose             every library's log lines on stderr, not only WARN and ERROR",
            "--help, -h            this text");
    static final Set<String> COMMON_VALUES = Set.of("secrets-file");
    static final Set<String> COMMON_FLAGS = Set.of("verbose");

    /** Fails with one line naming what is wrong and where to read how it is called. */
    void check(Options given) {
        Set<String> unknown = new TreeSet<>();
        for (String flag : given.flags()) {
            if (!flags.contains(flag) && !COMMON_FLAGS.contains(flag)) {
                unknown.add("--" + flag + (values.contains(flag) ? " (needs a value)" : ""));
            }
        }
        for (Map.Entry<String, String> value : given.values().entrySet()) {
            if (!values.contains(value.getKey()) && !COMMON_VALUES.contains(value.getKey())) {
                unknown.add("--" + value.getKey() + (flags.contains(value.getKey()) ? " (takes no value)" : ""));
            }
        }
        if (!unknown.isEmpty()) {
            throw new UsageException(label() + "unknown option " + String.join(", ", unknown) + "; see '"
                    + helpCommand() + "'");
        }
        int count = given.arguments().size();
        if (count < minArguments || count > maxArguments) {
            throw new UsageException(label() + (count < minArguments ? "missing argument" : "unexpected argument '"
                    + given.arguments().get(maxArguments) + "'") + "; usage: wla-bridge " + synopsis);
        }
    }

    /** The usage text: synopsis, what it does, its options and exit codes. */
    public String usage() {
        StringBuilder text = new StringBuilder("usage: wla-bridge ").append(synopsis).append("\n\n")
                .append(summary).append("\n");
        if (!options.isEmpty()) {
            text.append("\noptions:\n");
            options.forEach(o -> text.append("  ").append(o).append("\n"));
        }
        text.append("\ncommon options:\n");
        COMMON.forEach(o -> text.append("  ").append(o).append("\n"));
        text.append("\nexit codes: ").append(exitCodes).append("\n");
        return text.toString();
    }

    private String label() {
        return "service".equals(name) ? "" : name + ": ";
    }

    private String helpCommand() {
        return "service".equals(name) ? "wla-bridge --help" : "wla-bridge help " + name;
    }
}
