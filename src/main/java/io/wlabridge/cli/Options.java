package io.wlabridge.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The command line: a command and its arguments; {@code --key=value} overrides of any property when the key has a
 * dot (highest priority, above environment variables and application.properties); command options with a value
 * ({@code --topic T} or {@code --topic=T}); {@code --config=FILE}; and flags ({@code --serve}).
 */
public record Options(String command, List<String> arguments, Map<String, String> overrides, Map<String, String> values,
        List<String> flags, String configFile) {

    /** Options that take a value. */
    private static final Set<String> VALUE_OPTIONS = Set.of("topic", "schema", "key-field", "file", "format", "job", "as-of", "event-id",
            "secrets-file");

    public static Options parse(String... args) {
        String command = null;
        List<String> arguments = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        Map<String, String> values = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        String config = "application.properties";
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else if (arg.startsWith("--") && arg.contains("=")) {
                int eq = arg.indexOf('=');
                String key = arg.substring(2, eq);
                (key.contains(".") ? overrides : values).put(key, arg.substring(eq + 1));
            } else if (arg.startsWith("--") && VALUE_OPTIONS.contains(arg.substring(2))) {
                if (i + 1 >= args.length) {
                    throw new UsageException(arg + " needs a value");
                }
                values.put(arg.substring(2), args[++i]);
            } else if (arg.startsWith("--")) {
                flags.add(arg.substring(2));
            } else if (command == null) {
                command = arg;
            } else {
                arguments.add(arg);
            }
        }
        return new Options(command == null ? "service" : command, arguments, overrides, values, flags, config);
    }

    public Options withOverrides(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(more);
        all.putAll(overrides);
        return new Options(command, arguments, all, values, flags, configFile);
    }

    /** The same command line with the run date set, above any other source (run --as-of). */
    public Options withRunDate(String runDate) {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        all.put("wla.job.run-date", runDate);
        return new Options(command, arguments, all, values, flags, configFile);
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }

    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }
}
