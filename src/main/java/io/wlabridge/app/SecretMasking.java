package io.wlabridge.app;

import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.util.SensitiveUtils;

import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.WlaOptions;

/**
 * Tells Camel which of the bridge's settings are secret (WlaOptions.SECRETS), so that everything Camel prints about
 * configuration (the property-placeholders summary at start, {@code [OS Environment Variable] ... = xxxxxx}) masks
 * them. Camel masks a key by its last segment, lower case and without dashes ({@code wla.escalation.webhook-token} →
 * {@code webhooktoken}), against its own list and the additional sensitive keywords set here; its own list also masks
 * some keys that are not secret here ({@code username}, {@code user}, {@code client-id}; docs/configuration.md).
 */
public final class SecretMasking {

    private SecretMasking() {
    }

    /** Adds the secret settings to the context's additional sensitive keywords (camel.main.additionalSensitiveKeywords). */
    public static void configure(CamelContext context) {
        ExtendedCamelContext extension = context.getCamelContextExtension();
        Set<String> keywords = new LinkedHashSet<>();
        String configured = extension.getAdditionalSensitiveKeywords();
        if (configured != null && !configured.isBlank()) {
            keywords.add(configured.trim());
        }
        keywords.addAll(keywords());
        extension.setAdditionalSensitiveKeywords(String.join(",", keywords));
    }

    /**
     * The keyword Camel masks each secret setting by, where its own list does not already: Camel finds a key's keyword
     * anywhere in the additional keywords, so {@code clientsecret} there would mask {@code wla.automic.client} too.
     */
    static Set<String> keywords() {
        Set<String> keywords = new LinkedHashSet<>();
        for (ConfigOption option : WlaOptions.SECRETS) {
            if (!SensitiveUtils.containsSensitive(option.name())) {
                keywords.add(keyword(option.name()));
            }
        }
        return keywords;
    }

    /** As Camel's SensitiveUtils and CamelContextHelper.containsSensitive read a key. */
    static String keyword(String key) {
        return key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ENGLISH).replace("-", "");
    }
}
