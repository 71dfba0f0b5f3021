package io.wlabridge.automic;

import java.net.URI;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;

import io.wlabridge.job.TemplateParameters;

/** Reads and checks one trigger job's parameters (template {@value AutomicTrigger#TEMPLATE_ID}). */
public final class AutomicTriggers {

    private static final Pattern CLIENT = Pattern.compile("[0-9]{1,4}");

    private AutomicTriggers() {
    }

    public static AutomicTrigger read(CamelContext context, TemplateParameters p) {
        String topic = p.topic("topic");
        String groupId = p.text("groupId");
        boolean autoStartup = bool(p, "autoStartup");
        String language = p.text("filterLanguage");
        if (!language.equals("simple") && !language.equals("jsonpath")) {
            throw p.error("parameter 'filterLanguage' '" + language + "' must be jsonpath or simple");
        }
        String filter = p.text("filter");
        try {
            context.resolveLanguage(language).createPredicate(filter);
            if (language.equals("jsonpath")) {
                // camel-jsonpath compiles on first use; compile now so a broken path stops startup
                com.jayway.jsonpath.JsonPath.compile(filter);
            }
        } catch (RuntimeException e) {
            throw p.error("parameter 'filter' is not a valid " + language + " predicate: " + oneLine(e.getMessage()));
        }
        String objectName = p.text("objectName");
        InputMapping inputs;
        try {
            inputs = InputMapping.parse(p.optional("inputs"));
        } catch (IllegalArgumentException e) {
            throw p.error("parameter 'inputs': " + e.getMessage());
        }
        String whenUnavailable = p.text("whenUnavailable");
        if (!whenUnavailable.equals("wait") && !whenUnavailable.equals("dead-letter")) {
            throw p.error("parameter 'whenUnavailable' '" + whenUnavailable + "' must be wait or dead-letter");
        }
        URI executions = executions(p, autoStartup);
        return new AutomicTrigger(p.jobId(), p.source(), topic, groupId, executions, objectName, p.optional("alias"),
                inputs, whenUnavailable.equals("dead-letter"), autoStartup);
    }

    /** The executions endpoint; a trigger that does not start with the bridge may leave URL and client empty. */
    private static URI executions(TemplateParameters p, boolean autoStartup) {
        String url = p.optional("automicUrl");
        String client = p.optional("client");
        if (url.isEmpty() || client.isEmpty()) {
            if (!autoStartup) {
                return null;
            }
            throw p.error("parameter '" + (url.isEmpty() ? "automicUrl" : "client") + "' is empty: set "
                    + (url.isEmpty() ? "wla.automic.url" : "wla.automic.client") + " or the job's parameter");
        }
        if (!CLIENT.matcher(client).matches()) {
            throw p.error("parameter 'client' '" + client + "' is not an Automic client number (e.g. 100)");
        }
        URI base;
        try {
            base = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw p.error("parameter 'automicUrl' '" + url + "' is not a URL: " + e.getMessage());
        }
        if (!"http".equals(base.getScheme()) && !"https".equals(base.getScheme()) || base.getHost() == null) {
            throw p.error("parameter 'automicUrl' '" + url + "' must be http(s)://host:port of the Automic REST API");
        }
        return AutomicClient.executionsUri(url, client);
    }

    private static boolean bool(TemplateParameters p, String name) {
        String value = p.text(name);
        if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
            throw p.error("parameter '" + name + "' '" + value + "' must be true or false");
        }
        return Boolean.parseBoolean(value);
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
    }
}
