package io.wlabridge.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.WlaOptions;

/**
 * Secret settings never on the command line: any user of the host reads a process's arguments with {@code ps}, and
 * any JMX client in {@code java.lang:type=Runtime} attribute {@code sun.java.command} (README "Commands"). A secret
 * given as {@code --wla.…=value} stops the command before anything starts, with one line that names the key, never
 * the value. A reference that holds no secret ({@code {{env:NAME}}}, {@code {{azure:name}}}) is fine.
 */
final class CommandLineSecrets {

    /** A whole value that only names where the secret is, without a default (which could be the secret itself). */
    private static final Pattern REFERENCE = Pattern.compile("\\{\\{(?:env|azure):[^:{}]+}}");

    private CommandLineSecrets() {
    }

    static void refuse(Options options) {
        List<ConfigOption> secrets = new ArrayList<>(WlaOptions.SECRETS);
        WlaOptions.SOURCE_FAMILY.stream().filter(ConfigOption::secret).forEach(secrets::add);
        for (ConfigOption secret : secrets) {
            Pattern key = keyPattern(secret);
            for (var override : options.overrides().entrySet()) {
                String value = override.getValue().trim();
                if (key.matcher(override.getKey()).matches() && !value.isEmpty()
                        && !REFERENCE.matcher(value).matches()) {
                    throw refused(secret, override.getKey());
                }
            }
            // --wla.x.password VALUE: the value follows as a word of its own
            for (String flag : options.flags()) {
                if (key.matcher(flag).matches()) {
                    throw refused(secret, flag);
                }
            }
        }
    }

    /** The option's key, any case; a family's {@code <name>} (wla.source.<name>.password) stands for any name. */
    private static Pattern keyPattern(ConfigOption secret) {
        String[] parts = secret.name().split("<name>", -1);
        StringBuilder regex = new StringBuilder();
        for (int i = 0; i < parts.length; i++) {
            regex.append(i > 0 ? "[^.]+" : "").append(Pattern.quote(parts[i]));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE);
    }

    private static UsageException refused(ConfigOption secret, String given) {
        String key = given.toLowerCase(java.util.Locale.ROOT);
        String environment = secret.name().contains("<name>")
                ? key.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_') : secret.environmentVariable();
        return new UsageException("--" + key + " is a secret and must not be on the command line (ps and JMX"
                + " sun.java.command show it to others): give it as " + environment
                + " in the environment, in --secrets-file=PATH or from Key Vault as {{azure:<secret-name>}}");
    }
}
