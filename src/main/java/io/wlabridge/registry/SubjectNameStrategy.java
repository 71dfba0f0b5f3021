package io.wlabridge.registry;

import java.util.Locale;
import org.apache.avro.Schema;

/** How a topic and schema map to a registry subject, as Confluent's serializers do it (docs/contracts/schema-registry.md §7). */
public enum SubjectNameStrategy {

    /** {@code <topic>-key} / {@code <topic>-value}; Confluent's default. */
    TOPIC_NAME("TopicNameStrategy") {
        @Override
        public String subjectFor(String topic, boolean isKey, Schema schema) {
            return topic + (isKey ? "-key" : "-value");
        }
    },
    /** The record's full name, whatever the topic. */
    RECORD_NAME("RecordNameStrategy") {
        @Override
        public String subjectFor(String topic, boolean isKey, Schema schema) {
            return recordFullName(schema);
        }
    },
    /** {@code <topic>-<record full name>}. */
    TOPIC_RECORD_NAME("TopicRecordNameStrategy") {
        @Override
        public String subjectFor(String topic, boolean isKey, Schema schema) {
            return topic + "-" + recordFullName(schema);
        }
    };

    private static final String CONFLUENT_PACKAGE = "io.confluent.kafka.serializers.subject.";

    private final String confluentName;

    SubjectNameStrategy(String confluentName) {
        this.confluentName = confluentName;
    }

    public abstract String subjectFor(String topic, boolean isKey, Schema schema);

    /** Confluent's simple class name, e.g. {@code TopicNameStrategy}. */
    public String confluentName() {
        return confluentName;
    }

    /**
     * Parses a configured value: Confluent's simple or fully qualified class name, or the enum name; case-insensitive.
     */
    public static SubjectNameStrategy parse(String value) {
        String name = value == null ? "" : value.trim();
        if (name.regionMatches(true, 0, CONFLUENT_PACKAGE, 0, CONFLUENT_PACKAGE.length())) {
            name = name.substring(CONFLUENT_PACKAGE.length());
        }
        for (SubjectNameStrategy strategy : values()) {
            if (strategy.confluentName.equalsIgnoreCase(name) || strategy.name().equalsIgnoreCase(name)) {
                return strategy;
            }
        }
        throw new IllegalArgumentException("Unknown subject name strategy '" + value
                + "'; use TopicNameStrategy, RecordNameStrategy or TopicRecordNameStrategy");
    }

    final String recordFullName(Schema schema) {
        if (schema.getType() != Schema.Type.RECORD) {
            throw new IllegalArgumentException(name() + " needs an Avro record schema to name the subject, but the schema is "
                    + schema.getType().getName().toLowerCase(Locale.ROOT) + "; use TopicNameStrategy for non-record schemas");
        }
        return schema.getFullName();
    }
}
