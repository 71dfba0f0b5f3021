package io.wlabridge.cli;

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
        for (ConfigOption secret : WlaOptions.SECRETS) {
            for (var override : options.overrides().entrySet()) {
                String value = override.getValue().trim();
                if (override.getKey().equalsIgnoreCase(secret.name()) && !value.isEmpty()
                        && !REFERENCE.matcher(value).matches()) {
                    throw refused(secret);
                }
            }
            // --wla.x.password VALUE: the value follows as a word of its own
            if (options.flags().stream().anyMatch(secret.name()::equalsIgnoreCase)) {
                throw refused(secret);
            }
        }
    }

    private static UsageException refused(ConfigOption secret) {
        return new UsageException("--" + secret.name() + " is a secret and must not be on the command line (ps and JMX"
                + " sun.java.command show it to others): give it as " + secret.environmentVariable()
                + " in the environment, in --secrets-file=PATH or from Key Vault as {{azure:<secret-name>}}");
    }
}
