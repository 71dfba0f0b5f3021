package io.wlabridge.job;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Predicate;
import org.apache.camel.support.DefaultExchange;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;

import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * The one way a job's row becomes a Kafka record, for one run: row → typed fields → rule → Avro record → Confluent wire
 * format, with key, event id and (cloudEvents) CloudEvents headers; or, for a row that does not fit, its dead letter.
 * The job route ({@link RecordPipeline}) and {@code replay} both build records here. Not thread-safe: one per run.
 */
public final class RecordBuilder {

    /** Header with the id that makes a record unique for its job, on every record, for consumers that drop repeats. */
    public static final String EVENT_ID_HEADER = "wla.event.id";
    /** Header of dead letters: the run date the row was selected for, so replay judges it by that day's rule. */
    public static final String RUN_DATE_HEADER = "wla.run.date";
    /** Header of every record and dead letter: the job that made it. */
    public static final String JOB_ID_HEADER = "wla.job.id";
    /** Header of every record and dead letter: the run that made it (a replay's own run for a replayed dead letter). */
    public static final String RUN_ID_HEADER = "wla.run.id";
    /** Header of a replayed record: {@code spool} or {@code dead-letter}, what it was replayed from. */
    public static final String REPLAY_HEADER = "wla.replay";
    /** The exchange property a rule sees the run date as (${exchangeProperty.wlaRunDate}). */
    public static final String RUN_DATE_PROPERTY = "wlaRunDate";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** A ${...} of a rule. */
    private static final Pattern TOKEN = Pattern.compile("\\$\\{([^{}]*)}");
    /** What a rule may read and stay a function of the row's fields: a field or the run date, then method calls with literal arguments. */
    private static final Pattern FIELD_READ = Pattern.compile(
            "(?:body\\[(\\w+)]|exchangeProperty\\.wlaRunDate)(?:\\.\\w+\\([^(){}$]*\\))*");
    private static final int MAX_VERDICTS = 100_000;

    private final JobDefinition job;
    private final RowMapper mapper;
    private final EventEnvelope envelope;
    private final Predicate rule;
    private final RegistryAvroDataFormat avro;
    private final String dataSchema;
    private final String runId;
    private final byte[] jobIdBytes;
    private final byte[] runIdBytes;
    private final LocalDate runDate;
    /** One exchange per run for the rule: a simple predicate reads body and properties from an exchange. */
    private final Exchange ruleExchange;
    /**
     * The fields the rule reads, when it reads nothing else (no header, function, bean): then its verdict is a function
     * of their values (the typed field values are immutable: dates, instants, strings, numbers, booleans) and is
     * remembered per distinct values, since Camel evaluates a simple predicate with method calls at several
     * microseconds a row. Null when the rule reads anything else: it is evaluated for every row.
     */
    private final List<String> ruleFields;
    private final Map<List<Object>, Boolean> verdicts = new HashMap<>();

    /**
     * @param dataSchema the registry URL of the schema version (ce_dataschema), or null
     */
    public RecordBuilder(CamelContext context, JobCatalog catalog, RegistryAvroDataFormat avro, JobDefinition job,
            String runId, LocalDate runDate, String dataSchema) {
        this.job = job;
        this.mapper = catalog.mapper(job.jobId());
        this.envelope = catalog.envelope(job.jobId());
        this.rule = context.resolveLanguage("simple").createPredicate(catalog.rule(job.jobId()));
        this.ruleFields = fieldsRead(catalog.rule(job.jobId()));
        this.avro = avro;
        this.dataSchema = dataSchema;
        this.runId = runId;
        this.jobIdBytes = job.jobId().getBytes(StandardCharsets.UTF_8);
        this.runIdBytes = runId.getBytes(StandardCharsets.UTF_8);
        this.runDate = runDate;
        this.ruleExchange = new DefaultExchange(context);
        ruleExchange.setProperty(RUN_DATE_PROPERTY, runDate);
        ruleExchange.setProperty(RegistryAvroDataFormat.TOPIC_PROPERTY, job.topic());
    }

    public JobDefinition job() {
        return job;
    }

    /** Step map: the row's values typed for the rule; a row that cannot be converted is rejected. */
    public Map<String, Object> fields(Map<String, ?> row) {
        return mapper.toFields(row);
    }

    /** Step rule: whether the job's rule selects the row (run date as ${exchangeProperty.wlaRunDate}). */
    public boolean selects(Map<String, Object> fields) {
        if (ruleFields == null) {
            return evaluate(fields);
        }
        Object[] values = new Object[ruleFields.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = fields.get(ruleFields.get(i));
        }
        List<Object> key = Arrays.asList(values);
        Boolean known = verdicts.get(key);
        if (known != null) {
            return known;
        }
        boolean selected = evaluate(fields);
        if (verdicts.size() >= MAX_VERDICTS) {
            verdicts.clear();
        }
        verdicts.put(key, selected);
        return selected;
    }

    private boolean evaluate(Map<String, Object> fields) {
        ruleExchange.getMessage().setBody(fields);
        boolean selected = rule.matches(ruleExchange);
        if (ruleExchange.getException() != null) {
            Exception e = ruleExchange.getException();
            ruleExchange.setException(null);
            throw new RecordRejectedException("the rule cannot be evaluated for this row: " + FailureDescription.of(e));
        }
        return selected;
    }

    /** Steps to-record and marshal: the record of a selected row, ready for Kafka. */
    public Outgoing encode(Map<String, ?> row, Map<String, Object> fields) {
        byte[] value = avro.serialize(job.topic(), mapper.toRecord(fields));
        String eventId = RowMapper.eventId(row, job.idColumns());
        Object keyValue = RowMapper.column(row, job.keyColumn());
        // where it came from, for `trace` and for consumers: job and run beside the event id
        Header[] own = {
            new RecordHeader(EVENT_ID_HEADER, eventId.getBytes(StandardCharsets.UTF_8)),
            new RecordHeader(JOB_ID_HEADER, jobIdBytes),
            new RecordHeader(RUN_ID_HEADER, runIdBytes)};
        // ProducerRecord copies the headers it is given into a RecordHeaders of its own: a view of the array, not a
        // RecordHeaders first (which copied them once more per record)
        List<Header> headers = Arrays.asList(own);
        if (envelope.cloudEvents()) {
            List<Header> all = new ArrayList<>(headers);
            envelope.headers(eventId, Instant.now(), keyValue == null ? null : keyValue.toString(), dataSchema)
                    .forEach((name, text) -> all.add(new RecordHeader(name, text.getBytes(StandardCharsets.UTF_8))));
            headers = all;
        }
        return new Outgoing(job.jobId(), eventId,
                new ProducerRecord<>(job.topic(), null, envelope.key(keyValue), value, headers));
    }

    /** All steps for one row: its record, or null when the rule does not select it; throws when the row does not fit. */
    public Outgoing build(Map<String, ?> row) {
        Map<String, Object> fields = fields(row);
        return selects(fields) ? encode(row, fields) : null;
    }

    /**
     * The dead letter of a row that does not fit: the original row as JSON to {@code <topic>.dlq}, keyed like the job's
     * records, with headers naming job, run, run date, error class and message.
     */
    public Outgoing deadLetter(Map<String, ?> row, Throwable cause) {
        String reason = FailureDescription.of(cause);
        Map<String, Object> json = new LinkedHashMap<>();
        row.forEach((k, v) -> json.put(String.valueOf(k), jsonValue(v)));
        Object key = RowMapper.column(row, job.keyColumn());
        RecordHeaders headers = new RecordHeaders();
        headers.add(JOB_ID_HEADER, jobIdBytes);
        headers.add(RUN_ID_HEADER, runIdBytes);
        headers.add(RUN_DATE_HEADER, runDate.toString().getBytes(StandardCharsets.UTF_8));
        headers.add("wla.error.class", cause.getClass().getName().getBytes(StandardCharsets.UTF_8));
        headers.add("wla.error.message", reason.getBytes(StandardCharsets.UTF_8));
        byte[] value;
        try {
            value = JSON.writeValueAsBytes(json);
        } catch (JsonProcessingException e) {
            value = String.valueOf(row).getBytes(StandardCharsets.UTF_8);
        }
        return new Outgoing(job.jobId(), null, new ProducerRecord<>(job.deadLetterTopic(), null,
                key == null ? null : key.toString(), value, headers));
    }

    /** The fields the rule reads when it reads only fields and the run date; otherwise null. */
    static List<String> fieldsRead(String rule) {
        List<String> fields = new ArrayList<>();
        Matcher token = TOKEN.matcher(rule);
        while (token.find()) {
            Matcher read = FIELD_READ.matcher(token.group(1).trim());
            if (!read.matches()) {
                return null;
            }
            if (read.group(1) != null && !fields.contains(read.group(1))) {
                fields.add(read.group(1));
            }
        }
        // a ${ the pattern did not take (nested, unclosed) is not understood here: evaluate every row
        return rule.replaceAll(TOKEN.pattern(), "").contains("${") ? null : fields;
    }

    private static Object jsonValue(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean || value instanceof String
                ? value : value.toString();
    }
}
