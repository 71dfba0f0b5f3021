package io.wlabridge.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line: a command and its arguments, {@code --key=value} overrides of any property (highest
 * priority, above environment variables and application.properties), {@code --config=FILE} and flags.
 */
public record Options(String command, List<String> arguments, Map<String, String> overrides, List<String> flags,
        String configFile) {

    public static Options parse(String... args) {
        String command = null;
        List<String> arguments = new ArrayList<>();
        Map<String, String> overrides = new LinkedHashMap<>();
        List<String> flags = new ArrayList<>();
        String config = "application.properties";
        for (String arg : args) {
            if (arg.startsWith("--config=")) {
                config = arg.substring("--config=".length());
            } else if (arg.startsWith("--") && arg.contains("=")) {
                int eq = arg.indexOf('=');
                overrides.put(arg.substring(2, eq), arg.substring(eq + 1));
            } else if (arg.startsWith("--")) {
                flags.add(arg.substring(2));
            } else if (command == null) {
                command = arg;
            } else {
                arguments.add(arg);
            }
        }
        return new Options(command == null ? "service" : command, arguments, overrides, flags, config);
    }

    public Options withOverrides(Map<String, String> more) {
        Map<String, String> all = new LinkedHashMap<>(more);
        all.putAll(overrides);
        return new Options(command, arguments, all, flags, configFile);
    }

    public boolean flag(String name) {
        return flags.contains(name);
    }
}
