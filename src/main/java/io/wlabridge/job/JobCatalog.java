package io.wlabridge.job;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.camel.CamelContext;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.quartz.CronExpression;

import io.wlabridge.automic.AutomicTrigger;
import io.wlabridge.automic.AutomicTriggers;
import io.wlabridge.config.ConfigException;

/**
 * The jobs of this instance, checked before anything starts: every route made from the {@code wla-job} template
 * (scheduled jobs) and from the {@code wla-automic-trigger} template (trigger jobs that start Automic executions).
 * A job that does not fit (bad cron, unknown schema, empty topic, rule or filter that does not parse) stops startup
 * with one line naming the file and the parameter.
 */
public final class JobCatalog {

    /** The id of the route template every scheduled job uses (src/main/resources/camel/job-template.camel.yaml). */
    public static final String TEMPLATE_ID = "wla-job";
    /** The parameter every job template declares with its own id as default, so a route tells its template. */
    public static final String TEMPLATE_PARAMETER = "wlaTemplate";

    // synchronized: a reload (RouteFileWatcher) replaces a job while runs read the catalog
    private final Map<String, JobDefinition> jobs = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, RowMapper> mappers = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, ZoneId> zones = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, EventEnvelope> envelopes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, AutomicTrigger> triggers = new LinkedHashMap<>();
    private final Map<String, String> sources = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, EscalationSpec> escalations = Collections.synchronizedMap(new LinkedHashMap<>());
    private final Map<String, String> rules = Collections.synchronizedMap(new LinkedHashMap<>());

    /** Reads and checks the jobs among the context's route definitions (call after routes are loaded, before start). */
    public static JobCatalog load(CamelContext context, Path schemasDir) {
        JobCatalog catalog = new JobCatalog();
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        for (RouteDefinition route : model.getRouteDefinitions()) {
            Map<String, Object> parameters = route.getTemplateParameters();
            if (parameters == null || parameters.isEmpty()) {
                continue;
            }
            // Camel does not keep the template id on the route; each template declares it as parameter wlaTemplate
            String template = String.valueOf(parameters.get(TEMPLATE_PARAMETER));
            if (TEMPLATE_ID.equals(template)) {
                catalog.add(context, new TemplateParameters(context, route), schemasDir);
            } else if (AutomicTrigger.TEMPLATE_ID.equals(template)) {
                catalog.addTrigger(context, new TemplateParameters(context, route));
            }
        }
        return catalog;
    }

    private void claim(TemplateParameters p) {
        String other = sources.putIfAbsent(p.jobId(), p.source());
        if (other != null) {
            throw p.error("jobId is used by " + other + " too: give each job its own id");
        }
    }

    private void add(CamelContext context, TemplateParameters p, Path schemasDir) {
        String jobId = p.jobId();
        String where = p.source() + ": job " + jobId + ": ";
        claim(p);
        String cron = p.text("cron");
        try {
            CronExpression.validateExpression(cron);
        } catch (java.text.ParseException e) {
            throw new ConfigException(where + "parameter 'cron' '" + cron + "' is not a Quartz cron expression ("
                    + e.getMessage() + "); use seconds minutes hours day-of-month month day-of-week, e.g. '0 30 5 ? * MON-FRI'");
        }
        String zone = p.text("timeZone");
        try {
            zones.put(jobId, ZoneId.of(zone));
        } catch (DateTimeException e) {
            throw new ConfigException(where + "parameter 'timeZone' '" + zone + "' is not a time zone; use a region id such as Europe/Berlin");
        }
        String topic = p.topic("topic");
        String rule = p.raw("rule");
        try {
            context.resolveLanguage("simple").createPredicate(p.resolve(rule));
        } catch (RuntimeException e) {
            throw new ConfigException(where + "parameter 'rule' is not a valid simple predicate: " + TemplateParameters.oneLine(e.getMessage()));
        }
        Schema schema = schema(where, p.text("schema"), schemasDir);
        String keyColumn = p.text("keyColumn");
        List<String> idColumns = Arrays.stream(p.text("idColumns").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (idColumns.isEmpty()) {
            throw new ConfigException(where + "parameter 'idColumns' names no column: list the columns that identify an event");
        }
        String deadline = deadline(p, where);
        TopicSpec topicSpec = TopicSpecs.read(p.parameters(), where, p::resolve);
        JobDefinition job = new JobDefinition(jobId, p.source(), cron, topic, schema, keyColumn, idColumns, deadline, topicSpec);
        jobs.put(jobId, job);
        mappers.put(jobId, new RowMapper(schema));
        envelopes.put(jobId, EventEnvelope.read(p, schema.getFullName()));
        escalations.put(jobId, EscalationSpec.read(p.parameters(), where, p::resolve));
        rules.put(jobId, p.resolve(rule));
    }

    private void addTrigger(CamelContext context, TemplateParameters p) {
        claim(p);
        triggers.put(p.jobId(), AutomicTriggers.read(context, p));
    }

    /** The optional deadline: a Quartz cron of checkpoints, or null when the job declares none. */
    private static String deadline(TemplateParameters p, String where) {
        String deadline = p.optional("deadline");
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

    private static Schema schema(String where, String name, Path schemasDir) {
        try {
            return SchemaFiles.load(schemasDir, name);
        } catch (ConfigException e) {
            throw new ConfigException(where + "parameter 'schema': " + e.getMessage());
        }
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

    /** Key strategy and CloudEvents headers of the job's records. */
    public EventEnvelope envelope(String jobId) {
        return envelopes.get(jobId);
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

    /** The scheduled jobs (template wla-job). */
    public Collection<JobDefinition> jobs() {
        synchronized (jobs) {
            return List.copyOf(jobs.values());
        }
    }

    /** Adds the jobs of {@code reloaded} or replaces those with the same id (a job file reloaded while the service runs). */
    public void put(JobCatalog reloaded) {
        for (JobDefinition job : reloaded.jobs()) {
            mappers.put(job.jobId(), reloaded.mapper(job.jobId()));
            zones.put(job.jobId(), reloaded.zone(job.jobId()));
            envelopes.put(job.jobId(), reloaded.envelope(job.jobId()));
            sources.put(job.jobId(), job.source());
            escalations.put(job.jobId(), reloaded.escalation(job.jobId()));
            rules.put(job.jobId(), reloaded.rule(job.jobId()));
            jobs.put(job.jobId(), job);
        }
    }

    /** The trigger jobs (template wla-automic-trigger). */
    public Collection<AutomicTrigger> triggers() {
        return triggers.values();
    }

    public AutomicTrigger trigger(String jobId) {
        AutomicTrigger trigger = triggers.get(jobId);
        if (trigger == null) {
            throw new ConfigException("no trigger job '" + jobId + "': known trigger jobs are " + triggers.keySet()
                    + " (routes/*.camel.yaml)");
        }
        return trigger;
    }
}
