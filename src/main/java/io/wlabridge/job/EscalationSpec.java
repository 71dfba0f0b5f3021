package io.wlabridge.job;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

import io.wlabridge.config.ConfigException;

/**
 * Where a job's incidents are told and when dead letters make one: the template parameters
 * {@code deadLetterThreshold}, {@code escalationWebhook} and {@code escalationMail}.
 *
 * @param deadLetterThreshold a run with more dead letters than this opens a DEAD_LETTERS incident; -1: never
 * @param webhookUrl          the ticket system's webhook for this job; null: the global wla.escalation.webhook-url
 *                            ({@link #NONE} for none)
 * @param mailTo              e-mail recipients for this job; empty with {@code mailDefault}: the global
 *                            wla.escalation.mail-to
 * @param mailDefault         true when the job names no recipients of its own
 */
public record EscalationSpec(long deadLetterThreshold, String webhookUrl, List<String> mailTo, boolean mailDefault) {

    /** Parameter value that turns a channel off for one job. */
    public static final String NONE = "none";
    /** Parameter value (the default) for the global setting. */
    public static final String DEFAULT = "default";

    public static final EscalationSpec DEFAULTS = new EscalationSpec(-1, null, List.of(), true);

    static EscalationSpec read(Map<String, Object> p, String where, UnaryOperator<String> resolve) {
        String threshold = text(p, "deadLetterThreshold", NONE, resolve);
        long limit = -1;
        if (!threshold.equalsIgnoreCase(NONE)) {
            try {
                limit = Long.parseLong(threshold);
            } catch (NumberFormatException e) {
                limit = -2;
            }
            if (limit < 0) {
                throw new ConfigException(where + "parameter 'deadLetterThreshold' '" + threshold
                        + "' must be a whole number >= 0 (a run with more dead letters opens an incident) or none");
            }
        }
        String webhook = text(p, "escalationWebhook", DEFAULT, resolve);
        String webhookUrl = null;
        if (webhook.equalsIgnoreCase(NONE)) {
            webhookUrl = NONE;
        } else if (!webhook.equalsIgnoreCase(DEFAULT)) {
            webhookUrl = checkedUrl(webhook, where + "parameter 'escalationWebhook'");
        }
        String mail = text(p, "escalationMail", DEFAULT, resolve);
        boolean mailDefault = mail.equalsIgnoreCase(DEFAULT);
        List<String> mailTo = mailDefault || mail.equalsIgnoreCase(NONE) ? List.of() : addresses(mail, where);
        return new EscalationSpec(limit, webhookUrl, mailTo, mailDefault);
    }

    /** A webhook URL must be absolute http(s); the message names where it came from. */
    public static String checkedUrl(String url, String where) {
        try {
            URI uri = URI.create(url);
            if (uri.getScheme() != null && (uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    && uri.getHost() != null) {
                return url;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw new ConfigException(where + " '" + url + "' is not an http(s) URL; give the ticket system's webhook"
                + " URL, default or none");
    }

    private static List<String> addresses(String mail, String where) {
        List<String> list = Arrays.stream(mail.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        for (String address : list) {
            if (!address.matches("[^@\\s]+@[^@\\s]+")) {
                throw new ConfigException(where + "parameter 'escalationMail' '" + address
                        + "' is not an e-mail address; give comma-separated addresses, default or none");
            }
        }
        return list;
    }

    private static String text(Map<String, Object> p, String name, String fallback, UnaryOperator<String> resolve) {
        Object value = p.get(name);
        return value == null || value.toString().isBlank() ? fallback : resolve.apply(value.toString().trim());
    }
}
