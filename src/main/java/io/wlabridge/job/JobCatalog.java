package io.wlabridge.job;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.quartz.CronExpression;

import io.wlabridge.config.ConfigException;

/**
 * The jobs of this instance: every route made from the {@code wla-job} template, checked before anything starts.
 * A job that does not fit (bad cron, unknown schema, empty topic, rule that does not parse) stops startup with one
 * line naming the file and the parameter.
 */
public final class JobCatalog {

    /** The id of the route template every job uses (src/main/resources/camel/job-template.camel.yaml). */
    public static final String TEMPLATE_ID = "wla-job";

    private static final Pattern JOB_ID = Pattern.compile("[a-z0-9][a-z0-9-]*");
    private static final Pattern TOPIC = Pattern.compile("[a-zA-Z0-9._-]{1,249}");

    private final Map<String, JobDefinition> jobs = new LinkedHashMap<>();
    private final Map<String, RowMapper> mappers = new LinkedHashMap<>();
    private final Map<String, ZoneId> zones = new LinkedHashMap<>();
    private final Map<String, EscalationSpec> escalations = new LinkedHashMap<>();
    private final Map<String, String> rules = new LinkedHashMap<>();

    /** Reads and checks the jobs among the context's route definitions (call after routes are loaded, before start). */
    public static JobCatalog load(CamelContext context, Path schemasDir) {
        JobCatalog catalog = new JobCatalog();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters == null || parameters.isEmpty() || !parameters.containsKey("query")) {
                continue;
            }
            catalog.add(context, route, parameters, schemasDir);
        }
        return catalog;
    }

    private void add(CamelContext context, RouteDefinition route, Map<String, Object> p, Path schemasDir) {
        String source = source(route);
        String jobId = text(p, "jobId", source, "job");
        String where = source + ": job " + jobId + ": ";
        if (!JOB_ID.matcher(jobId).matches()) {
            throw new ConfigException(where + "parameter 'jobId' must be lowercase kebab-case (a-z, 0-9, -)");
        }
        if (!jobId.equals(route.getRouteId())) {
            throw new ConfigException(where + "routeId '" + route.getRouteId() + "' must equal parameter 'jobId'");
        }
        if (jobs.containsKey(jobId)) {
            throw new ConfigException(where + "jobId is used by " + jobs.get(jobId).source() + " too: give each job its own id");
        }
        String cron = resolve(context, text(p, "cron", source, jobId));
        try {
            CronExpression.validateExpression(cron);
        } catch (java.text.ParseException e) {
            throw new ConfigException(where + "parameter 'cron' '" + cron + "' is not a Quartz cron expression ("
                    + e.getMessage() + "); use seconds minutes hours day-of-month month day-of-week, e.g. '0 30 5 ? * MON-FRI'");
        }
        String zone = resolve(context, text(p, "timeZone", source, jobId));
        try {
            zones.put(jobId, ZoneId.of(zone));
        } catch (DateTimeException e) {
            throw new ConfigException(where + "parameter 'timeZone' '" + zone + "' is not a time zone; use a region id such as Europe/Berlin");
        }
        String topic = resolve(context, text(p, "topic", source, jobId));
        if (!TOPIC.matcher(topic).matches()) {
            throw new ConfigException(where + "parameter 'topic' '" + topic + "' is not a valid Kafka topic name (letters, digits, . _ -)");
        }
        String rule = text(p, "rule", source, jobId);
        try {
            context.resolveLanguage("simple").createPredicate(resolve(context, rule));
        } catch (RuntimeException e) {
            throw new ConfigException(where + "parameter 'rule' is not a valid simple predicate: " + oneLine(e.getMessage()));
        }
        Schema schema = schema(where, resolve(context, text(p, "schema", source, jobId)), schemasDir);
        String keyColumn = resolve(context, text(p, "keyColumn", source, jobId));
        List<String> idColumns = Arrays.stream(resolve(context, text(p, "idColumns", source, jobId)).split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (idColumns.isEmpty()) {
            throw new ConfigException(where + "parameter 'idColumns' names no column: list the columns that identify an event");
        }
        String deadline = deadline(context, p, where);
        TopicSpec topicSpec = TopicSpecs.read(p, where, value -> resolve(context, value));
        JobDefinition job = new JobDefinition(jobId, source, cron, topic, schema, keyColumn, idColumns, deadline, topicSpec);
        jobs.put(jobId, job);
        mappers.put(jobId, new RowMapper(schema));
        escalations.put(jobId, EscalationSpec.read(p, where, value -> resolve(context, value)));
        rules.put(jobId, resolve(context, rule));
    }

    /** The optional deadline: a Quartz cron of checkpoints, or null when the job declares none. */
    private static String deadline(CamelContext context, Map<String, Object> p, String where) {
        Object given = p.get("deadline");
        String deadline = given == null ? "" : resolve(context, given.toString().trim());
        if (deadline.isEmpty() || deadline.equalsIgnoreCase("none")) {
            return null;
        }
        try {
            CronExpression.validateExpression(deadline);
        } catch (java.text.ParseException e) {
            throw new ConfigException(where + "parameter 'deadline' '" + deadline + "' is not a Quartz cron expression ("
                    + e.getMessage() + "); e.g. '0 0 7 ? * MON-FRI' for 07:00 on working days, or none");
        }
        return deadline;
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

    private static Schema schema(String where, String name, Path schemasDir) {
        try {
            return SchemaFiles.load(schemasDir, name);
        } catch (ConfigException e) {
            throw new ConfigException(where + "parameter 'schema': " + e.getMessage());
        }
    }

    private static String text(Map<String, Object> p, String name, String source, String jobId) {
        Object value = p.get(name);
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(source + ": job " + jobId + ": parameter '" + name + "' is missing");
        }
        return value.toString().trim();
    }

    private static String resolve(CamelContext context, String value) {
        return value.contains("{{") ? context.resolvePropertyPlaceholders(value) : value;
    }

    private static String oneLine(String text) {
        return text == null ? "" : text.replaceAll("\\s*\\R\\s*", " ");
    }

    public JobDefinition job(String jobId) {
        JobDefinition job = jobs.get(jobId);
        if (job == null) {
            throw new ConfigException("no job '" + jobId + "': known jobs are " + jobs.keySet() + " (routes/*.camel.yaml)");
        }
        return job;
    }

    public RowMapper mapper(String jobId) {
        return mappers.get(jobId);
    }

    /** The job's dead-letter threshold and escalation channels. */
    public EscalationSpec escalation(String jobId) {
        return escalations.getOrDefault(jobId, EscalationSpec.DEFAULTS);
    }

    /** The job's rule (a simple predicate), placeholders resolved. */
    public String rule(String jobId) {
        return rules.get(jobId);
    }

    public ZoneId zone(String jobId) {
        return zones.get(jobId);
    }

    public Collection<JobDefinition> jobs() {
        return jobs.values();
    }
}
