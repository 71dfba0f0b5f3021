package io.wlabridge.ops;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RowMapper;

/**
 * Prepares a rejected record for its job's dead-letter topic (bean {@code wlaDeadLetters}): the original row as
 * JSON, headers naming job, run, error class and message, a WARN line without the body.
 */
public final class DeadLetters {

    /** Exchange property with the topic the dead letter goes to. */
    public static final String TOPIC_PROPERTY = "wlaDeadLetterTopic";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    public void prepare(Exchange exchange) throws JsonProcessingException {
        JobRun run = exchange.getProperty(JobRun.PROPERTY, JobRun.class);
        if (run == null) {
            throw new IllegalStateException("a dead letter without a job run: route " + exchange.getFromRouteId()
                    + " must use the wla-job template", exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class));
        }
        Throwable caught = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String reason = caught == null ? "unknown" : FailureDescription.of(caught);
        Object body = exchange.getMessage().getBody();
        Map<String, Object> row = new LinkedHashMap<>();
        if (body instanceof Map<?, ?> map) {
            map.forEach((k, v) -> row.put(String.valueOf(k), jsonValue(v)));
        }
        run.countDeadLettered();
        LOG.warn("job {} run {}: record dead-lettered to {}: {}", run.jobId(), run.runId(),
                run.job().deadLetterTopic(), reason);
        Object key = row.isEmpty() ? null : RowMapper.column(row, run.job().keyColumn());
        exchange.getMessage().setHeaders(new LinkedHashMap<>());
        exchange.getMessage().setHeader(KafkaConstants.KEY, key == null ? null : key.toString());
        exchange.getMessage().setHeader("wla.job.id", run.jobId());
        exchange.getMessage().setHeader("wla.run.id", run.runId());
        exchange.getMessage().setHeader("wla.error.class", caught == null ? "unknown" : caught.getClass().getName());
        exchange.getMessage().setHeader("wla.error.message", reason);
        exchange.setProperty(TOPIC_PROPERTY, run.job().deadLetterTopic());
        exchange.getMessage().setBody(body instanceof Map ? JSON.writeValueAsString(row) : String.valueOf(body));
    }

    private static Object jsonValue(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean || value instanceof String
                ? value : value.toString();
    }
}
