package io.wlabridge.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.spi.PropertiesComponent;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.core.exception.ResourceNotFoundException;

/**
 * A setting's configured value before Camel resolves it ({@code {{azure:name}}}, {{env:NAME}}), and one-line errors
 * for placeholders that do not resolve: they name the property and the secret, never a value or a default.
 */
public final class SecretPlaceholders {

    private static final Pattern FUNCTION = Pattern.compile("\\{\\{(\\w+):([^:#@}]*)[^}]*}}");

    private SecretPlaceholders() {
    }

    /**
     * The configured value of {@code option} as written: the environment variable Camel prefers
     * ({@code WLA_DATASOURCE_PASSWORD}), a system property, or the property files, --key=value overrides included.
     */
    public static String raw(PropertiesComponent properties, ConfigOption option) {
        String env = System.getenv(option.environmentVariable());
        if (env != null) {
            return env;
        }
        String sys = System.getProperty(option.name());
        if (sys != null) {
            return sys;
        }
        return properties.loadProperties(option.name()::equals).getProperty(option.name());
    }

    /** The Key Vault secret names a raw value refers to ({@code {{azure:name}}}, {@code {{azure:name#field:default}}}). */
    public static List<String> keyVaultSecrets(String raw) {
        List<String> names = new ArrayList<>();
        if (raw != null) {
            Matcher m = FUNCTION.matcher(raw);
            while (m.find()) {
                if (m.group(1).equals("azure")) {
                    names.add(m.group(2));
                }
            }
        }
        return names;
    }

    /** The raw value with any placeholder default or field left out, safe to print: {@code {{azure:name}}}. */
    static String shown(String raw) {
        if (raw == null || !raw.contains("{{")) {
            return "(set)";
        }
        StringBuilder shown = new StringBuilder();
        Matcher m = FUNCTION.matcher(raw);
        while (m.find()) {
            shown.append(shown.length() == 0 ? "" : " ").append("{{").append(m.group(1)).append(':').append(m.group(2)).append("}}");
        }
        return shown.length() == 0 ? "(a placeholder)" : shown.toString();
    }

    /** Why the value of {@code option} could not be resolved, in one line that names no secret value. */
    static ConfigException unresolvable(ConfigOption option, String raw, RuntimeException e) {
        String what = option.name() + " is " + shown(raw) + " but ";
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ResourceNotFoundException) {
                return new ConfigException(what + "Azure Key Vault has no such secret (or it is disabled or deleted; HTTP 404)"
                        + " - create it in the vault camel.vault.azure.vaultName names, or fix the name");
            }
            if (t instanceof ClientAuthenticationException auth) {
                return new ConfigException(what + "Azure Key Vault refused the bridge's identity (HTTP "
                        + auth.getResponse().getStatusCode() + ") - check camel.vault.azure.tenantId, clientId and"
                        + " clientSecret (or the managed identity) and its 'Get' permission on secrets");
            }
            if (t instanceof HttpResponseException http) {
                return new ConfigException(what + "Azure Key Vault answered HTTP " + http.getResponse().getStatusCode()
                        + " - check camel.vault.azure.* and that the vault is reachable");
            }
            if (t instanceof com.fasterxml.jackson.core.JsonProcessingException) {
                // Jackson quotes the text it could not parse, which would be the secret itself
                return new ConfigException(what + "the secret is not JSON, so its #field cannot be read");
            }
        }
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        if (String.valueOf(root.getMessage()).startsWith("Using the Azure Key Vault Properties Function requires")) {
            return new ConfigException(what + "no Key Vault is configured - set camel.vault.azure.vaultName and"
                    + " tenantId, clientId, clientSecret, or azureIdentityEnabled=true (see application.properties)");
        }
        if (root instanceof IllegalArgumentException && String.valueOf(root.getMessage()).startsWith("Property with key")) {
            // Camel's own message names the missing key only, e.g. Property with key [env:WLA_X] not found ...
            return new ConfigException(what + root.getMessage().replaceAll("\\s*\\R\\s*", " "));
        }
        return new ConfigException(what + "it cannot be resolved: " + root.getClass().getSimpleName()
                + " - check camel.vault.azure.* (Key Vault) or that the environment variable is set");
    }
}
