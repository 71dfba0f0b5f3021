package io.wlabridge.job;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a job's records carry besides their value: the Kafka key (template parameter {@code partitionKey}) and,
 * with {@code cloudEvents: true}, CloudEvents attributes as headers in the Kafka protocol binding's binary mode
 * (CloudEvents 1.0: {@code ce_specversion}, {@code ce_id}, {@code ce_source}, {@code ce_type}, {@code ce_time},
 * {@code ce_subject}, {@code ce_dataschema}, and {@code content-type} for datacontenttype).
 *
 * @param keys        where the key comes from
 * @param staticKey   the key with {@link Keys#STATIC}
 * @param cloudEvents whether records carry CloudEvents headers
 * @param type        ce_type
 * @param source      ce_source
 */
public record EventEnvelope(Keys keys, String staticKey, boolean cloudEvents, String type, String source) {

    /** Where a record's Kafka key comes from. */
    public enum Keys {
        /** the value of the job's keyColumn */
        COLUMN,
        /** one fixed value: every record goes to the same partition, in order */
        STATIC,
        /** no key: Kafka's default partitioner spreads the records */
        NONE
    }

    /** Avro in Confluent wire format, as datacontenttype. */
    public static final String CONTENT_TYPE = "application/avro";

    /** The parameters of a wla-job route; schemaName is the default ce_type. */
    static EventEnvelope read(TemplateParameters p, String schemaName) {
        String key = p.optional("partitionKey");
        Keys keys;
        String staticKey = null;
        if (key.isEmpty() || key.equals("column")) {
            keys = Keys.COLUMN;
        } else if (key.equals("none")) {
            keys = Keys.NONE;
        } else if (key.startsWith("static:") && key.length() > "static:".length()) {
            keys = Keys.STATIC;
            staticKey = key.substring("static:".length());
        } else {
            throw p.error("parameter 'partitionKey' '" + key + "' must be column (the keyColumn's value), none"
                    + " (Kafka's default partitioner) or static:<value>");
        }
        String cloudEvents = p.optional("cloudEvents");
        if (!cloudEvents.isEmpty() && !cloudEvents.equalsIgnoreCase("true") && !cloudEvents.equalsIgnoreCase("false")) {
            throw p.error("parameter 'cloudEvents' '" + cloudEvents + "' must be true or false");
        }
        String type = p.optional("cloudEventType");
        String source = p.optional("cloudEventSource");
        return new EventEnvelope(keys, staticKey, Boolean.parseBoolean(cloudEvents),
                type.isEmpty() ? schemaName : type, source.isEmpty() ? "/wla-bridge/" + p.jobId() : source);
    }

    /** The record key for a row whose keyColumn holds columnValue (null: no key). */
    public String key(Object columnValue) {
        return switch (keys) {
            case COLUMN -> columnValue == null ? null : columnValue.toString();
            case STATIC -> staticKey;
            case NONE -> null;
        };
    }

    /** The CloudEvents headers of one record, binary mode; subject and dataSchema are left out when null. */
    public Map<String, String> headers(String id, Instant time, String subject, String dataSchema) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("ce_specversion", "1.0");
        headers.put("ce_id", id);
        headers.put("ce_source", source);
        headers.put("ce_type", type);
        headers.put("ce_time", time.toString());
        if (subject != null) {
            headers.put("ce_subject", subject);
        }
        if (dataSchema != null) {
            headers.put("ce_dataschema", dataSchema);
        }
        headers.put("content-type", CONTENT_TYPE);
        return headers;
    }
}
