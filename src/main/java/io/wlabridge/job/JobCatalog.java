package io.wlabridge.job;

import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.avro.Schema;
import org.apache.camel.CamelContext;
import org.quartz.CronExpression;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.WlaOptions;

/**
 * The scheduled jobs of this instance (every route made from the {@code wla-job} template), checked before anything
 * starts. A job that does not fit (bad cron, unknown schema, empty topic, rule or filter that does not parse) stops
 * startup with one line naming the file and the parameter; so does a rule that reads a field its schema does not have
 * ({@link RuleFields}). Trigger jobs have a catalog of their own (automic/).
 * <p>
 * One immutable {@link Entry} per job; a reload swaps the whole map at once, so a run never sees half of an edit.
 */
public final class JobCatalog {

    /** The id of the route template every scheduled job uses (src/main/resources/camel/job-template.camel.yaml). */
    public static final String TEMPLATE_ID = "wla-job";
    /** The parameter every job template declares with its own id as default, so a route tells its template. */
    public static final String TEMPLATE_PARAMETER = "wlaTemplate";

    /** Everything the bridge knows of one job, read from its file at once. */
    public record Entry(JobDefinition definition, RowMapper mapper, ZoneId zone, EventEnvelope envelope,
            EscalationSpec escalation, String rule, String source) {
    }

    private static final Pattern SOURCE_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]*");

    /** How a source's pool is named in the registry; the template's fetch step reads #wlaSource-{{source}}. */
    public static String sourceBean(String source) {
        return "wlaSource-" + source;
    }

    private volatile Map<String, Entry> entries = Map.of();
    /** Why the file of a job differs from what runs: the reason its last edit was rejected (docs/operations.md). */
    private final Map<String, String> fileDiffers = new java.util.concurrent.ConcurrentHashMap<>();

    /** Reads and checks the jobs among the context's route definitions (call after routes are loaded, before start). */
    public static JobCatalog load(CamelContext context, Path schemasDir) {
        Map<String, Entry> read = new LinkedHashMap<>();
        for (TemplateParameters p : TemplateParameters.of(context, TEMPLATE_ID)) {
            Entry entry = read(context, p, schemasDir);
            Entry other = read.putIfAbsent(p.jobId(), entry);
            if (other != null) {
                throw p.error("jobId is used by " + other.definition().source() + " too: give each job its own id");
            }
        }
        JobCatalog catalog = new JobCatalog();
        catalog.entries = Collections.unmodifiableMap(read);
        return catalog;
    }

    private static Entry read(CamelContext context, TemplateParameters p, Path schemasDir) {
        String jobId = p.jobId();
        String where = p.source() + ": job " + jobId + ": ";
        String cron = p.text("cron");
        try {
            CronExpression.validateExpression(cron);
        } catch (java.text.ParseException e) {
            throw new ConfigException(where + "parameter 'cron' '" + cron + "' is not a Quartz cron expression ("
                    + e.getMessage() + "); use seconds minutes hours day-of-month month day-of-week, e.g. '0 30 5 ? * MON-FRI'");
        }
        String zone = p.text("timeZone");
        ZoneId zoneId;
        try {
            zoneId = ZoneId.of(zone);
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
        try {
            RuleFields.check(context, p.resolve(rule), schema);
        } catch (ConfigException e) {
            throw new ConfigException(where + e.getMessage());
        }
        String keyColumn = p.text("keyColumn");
        List<String> idColumns = Arrays.stream(p.text("idColumns").split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (idColumns.isEmpty()) {
            throw new ConfigException(where + "parameter 'idColumns' names no column: list the columns that identify an event");
        }
        String deadline = deadline(p, where);
        TopicSpec topicSpec = TopicSpecs.read(p.parameters(), where, p::resolve);
        JobDefinition job = new JobDefinition(jobId, p.source(), cron, topic, schema, keyColumn, idColumns, deadline,
                topicSpec, p.text("query"));
        return new Entry(job, new RowMapper(schema), zoneId, EventEnvelope.read(p, schema.getFullName()),
                EscalationSpec.read(p.parameters(), where, p::resolve), p.resolve(rule), source(context, p, where));
    }

    /** The database the job reads: wla.datasource (the default) or a source declared as wla.source.&lt;name&gt;.url. */
    private static String source(CamelContext context, TemplateParameters p, String where) {
        String source = p.optional("source");
        if (source.isEmpty() || source.equals(WlaOptions.STATE_SOURCE)) {
            return WlaOptions.STATE_SOURCE;
        }
        if (!SOURCE_NAME.matcher(source).matches()) {
            throw new ConfigException(where + "parameter 'source' '" + source + "' is not a source name (letters, digits,"
                    + " - and _): name one declared as wla.source.<name>.url, or leave it out to read wla.datasource");
        }
        String url = WlaOptions.source(WlaOptions.SOURCE_URL, source).name();
        if (context.getPropertiesComponent().resolveProperty(url).isEmpty()) {
            throw new ConfigException(where + "parameter 'source' is '" + source + "' but " + url + " is not set:"
                    + " declare the source (docs/databases.md), or leave the parameter out to read wla.datasource");
        }
        return source;
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

    /** The job's entry; fails with the known job ids when there is none. */
    public Entry entry(String jobId) {
        Entry entry = entries.get(jobId);
        if (entry == null) {
            throw new ConfigException("no job '" + jobId + "': known jobs are " + entries.keySet() + " (routes/*.camel.yaml)");
        }
        return entry;
    }

    public boolean contains(String jobId) {
        return entries.containsKey(jobId);
    }

    public JobDefinition job(String jobId) {
        return entry(jobId).definition();
    }

    public RowMapper mapper(String jobId) {
        return entry(jobId).mapper();
    }

    /** Key strategy and CloudEvents headers of the job's records. */
    public EventEnvelope envelope(String jobId) {
        return entry(jobId).envelope();
    }

    /** The job's dead-letter threshold and escalation channels. */
    public EscalationSpec escalation(String jobId) {
        Entry entry = entries.get(jobId);
        return entry == null ? EscalationSpec.DEFAULTS : entry.escalation();
    }

    /** The database the job reads: {@link WlaOptions#STATE_SOURCE} or the name of a wla.source.&lt;name&gt;. */
    public String source(String jobId) {
        return entry(jobId).source();
    }

    /** The sources the jobs read, each once, in job order. */
    public Set<String> sources() {
        Set<String> sources = new LinkedHashSet<>();
        entries.values().forEach(e -> sources.add(e.source()));
        return sources;
    }

    /** The job's rule (a simple predicate), placeholders resolved. */
    public String rule(String jobId) {
        return entry(jobId).rule();
    }

    public ZoneId zone(String jobId) {
        return entry(jobId).zone();
    }

    /** The scheduled jobs (template wla-job). */
    public Collection<JobDefinition> jobs() {
        return entries.values().stream().map(Entry::definition).toList();
    }

    /** Adds the jobs of {@code reloaded} or replaces those with the same id, all in one swap (a reloaded job file). */
    public synchronized void put(JobCatalog reloaded) {
        Map<String, Entry> next = new LinkedHashMap<>(entries);
        next.putAll(reloaded.entries);
        entries = Collections.unmodifiableMap(next);
        reloaded.entries.keySet().forEach(fileDiffers::remove);
    }

    /** The job's file was edited and the edit rejected: the running version differs from the file, for this reason. */
    public void fileRejected(String jobId, String reason) {
        fileDiffers.put(jobId, reason);
    }

    /**
     * "running version differs from file: &lt;reason&gt;" while the job's last edit stands rejected (the next start
     * would fail or run something else), or null when what runs is what the file says.
     */
    public String fileDiffers(String jobId) {
        String reason = fileDiffers.get(jobId);
        return reason == null ? null : "running version differs from file: " + reason;
    }
}
