package io.wlabridge.job;

import java.util.List;

import org.apache.avro.Schema;

/**
 * A job as its YAML file declares it (the parameters of the {@code wla-job} route template), checked and
 * with its schema parsed.
 *
 * @param jobId     the route id, also the Quartz job name and the key of sent records
 * @param source    the file the job was loaded from, for error messages
 * @param cron      the Quartz cron expression of its schedule
 * @param topic     the Kafka topic events go to; dead letters go to {@code <topic>.dlq}
 * @param schema    the Avro record schema of the events
 * @param keyColumn the column whose value becomes the Kafka record key
 * @param idColumns the columns that identify an event; a run never sends the same id twice
 * @param deadline  Quartz cron of the checkpoints by which a run must have succeeded, or null (no deadline)
 * @param topicSpec the topic's partitions, replication and configs and the subject's compatibility level
 * @param query     the query parameter as resolved ({@code file:routes/<job-id>.sql} or the SQL), or null when unknown
 */
public record JobDefinition(String jobId, String source, String cron, String topic, Schema schema, String keyColumn,
        List<String> idColumns, String deadline, TopicSpec topicSpec, String query) {

    public JobDefinition(String jobId, String source, String cron, String topic, Schema schema, String keyColumn,
            List<String> idColumns, String deadline, TopicSpec topicSpec) {
        this(jobId, source, cron, topic, schema, keyColumn, idColumns, deadline, topicSpec, null);
    }

    /** Where the query is, for messages: its file (routes/&lt;job-id&gt;.sql) or "the query in" the job's file. */
    public String querySource() {
        if (query != null && (query.startsWith("file:") || query.startsWith("classpath:"))) {
            return query.substring(query.indexOf(':') + 1).replaceFirst("\\?.*$", "");
        }
        return "the query in " + source;
    }

    public String deadLetterTopic() {
        return topic + ".dlq";
    }
}
