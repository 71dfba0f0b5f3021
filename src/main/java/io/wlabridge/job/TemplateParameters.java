package io.wlabridge.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;

import io.wlabridge.config.ConfigException;

/**
 * The parameters of one templated route in routes/, read the way every kind of job reads them: placeholders
 * resolved, and each error one line naming the file, the job and the parameter.
 */
public final class TemplateParameters {

    private static final Pattern JOB_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final CamelContext context;
    private final Map<String, Object> parameters;
    private final String source;
    private final String jobId;

    TemplateParameters(CamelContext context, RouteDefinition route) {
        this.context = context;
        this.parameters = route.getTemplateParameters();
        this.source = source(route);
        Object id = parameters.get("jobId");
        if (id == null || id.toString().isBlank()) {
            throw new ConfigException(source + ": job: parameter 'jobId' is missing");
        }
        this.jobId = id.toString().trim();
        if (!JOB_ID.matcher(jobId).matches()) {
            throw error("parameter 'jobId' must be lowercase kebab-case (a-z, 0-9, -)");
        }
        if (!jobId.equals(route.getRouteId())) {
            throw error("routeId '" + route.getRouteId() + "' must equal parameter 'jobId'");
        }
    }

    /**
     * The parameters of every route made from the template {@code templateId}, in load order. Camel does not keep the
     * template id on the route; each template declares it as parameter {@code wlaTemplate} (JobCatalog.TEMPLATE_PARAMETER).
     */
    public static List<TemplateParameters> of(CamelContext context, String templateId) {
        List<TemplateParameters> found = new ArrayList<>();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters != null && templateId.equals(String.valueOf(parameters.get(JobCatalog.TEMPLATE_PARAMETER)))) {
                found.add(new TemplateParameters(context, route));
            }
        }
        return found;
    }

    public String jobId() {
        return jobId;
    }

    /** All parameters as written (placeholders not resolved). */
    Map<String, Object> parameters() {
        return parameters;
    }

    /** The job's file, for error messages. */
    public String source() {
        return source;
    }

    /** The parameter as written (placeholders not resolved); missing or blank is an error. */
    public String raw(String name) {
        Object value = parameters.get(name);
        if (value == null || value.toString().isBlank()) {
            throw error("parameter '" + name + "' is missing");
        }
        return value.toString().trim();
    }

    /** The parameter with placeholders resolved; missing or blank is an error. */
    public String text(String name) {
        return resolve(raw(name));
    }

    /** The parameter with placeholders resolved, or "" when absent or blank. */
    public String optional(String name) {
        Object value = parameters.get(name);
        return value == null ? "" : resolve(value.toString().trim()).trim();
    }

    /** A valid Kafka topic name. */
    public String topic(String name) {
        String topic = text(name);
        if (!TOPIC.matcher(topic).matches()) {
            throw error("parameter '" + name + "' '" + topic + "' is not a valid Kafka topic name (letters, digits, . _ -)");
        }
        return topic;
    }

    public String resolve(String value) {
        return value.contains("{{") ? context.resolvePropertyPlaceholders(value) : value;
    }

    /** "file: job id: " followed by what is wrong. */
    public ConfigException error(String what) {
        return new ConfigException(source + ": job " + jobId + ": " + what);
    }

    static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
    }

    /**
     * The job's file. Camel keeps no resource on routes made from a template, so this relies on the convention that
     * job files are named after their job (routes/&lt;job-id&gt;.camel.yaml; JobFilesTest enforces it).
     */
    private static String source(RouteDefinition route) {
        if (route.getResource() != null) {
            return route.getResource().getLocation();
        }
        Path conventional = Path.of("routes", route.getRouteId() + ".camel.yaml");
        return Files.isRegularFile(conventional) ? conventional.toString() : "route " + route.getRouteId();
    }
}
