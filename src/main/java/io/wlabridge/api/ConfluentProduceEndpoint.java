package io.wlabridge.api;

import static io.wlabridge.api.ApiExchange.JSON;

import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.camel.Exchange;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.RuntimeJsonMappingException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.wlabridge.registry.AvroJsonRecords;
import io.wlabridge.registry.RecordSerializationException;
import io.wlabridge.registry.RegisteredSchema;
import io.wlabridge.registry.RegistryException;
import io.wlabridge.registry.SchemaRegistryClient;
import io.wlabridge.registry.SubjectNameStrategy;

/**
 * Confluent REST Proxy v3 produce (docs/contracts/confluent-rest-v3-produce.md):
 * {@code POST /v3/clusters/{cluster_id}/topics/{topic}/records} with one or more concatenated JSON records, key and
 * value as JSON, STRING, BINARY or Avro (schema_id, schema_version, raw schema or the subject's latest; validated and
 * written in Confluent wire format). Answers 200 with one delivery report per record, in order, CRLF-separated,
 * streamed (chunked) as Kafka acknowledges the records; a record that fails gets its own error report and is not
 * produced. The request body is read whole (bounded by wla.api.max-request-bytes) before the first report: records of
 * a chunked request are handled one by one, but the answer is not interleaved with the upload.
 */
public final class ConfluentProduceEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ConfluentProduceEndpoint.class);

    private final ApiGuard guard;
    private final KafkaGateway kafka;
    private final SchemaRegistryClient registry;
    private ExecutorService reportWriter;

    public ConfluentProduceEndpoint(ApiGuard guard, KafkaGateway kafka, SchemaRegistryClient registry) {
        this.guard = guard;
        this.kafka = kafka;
        this.registry = registry;
    }

    /** A record ready to send with what its report says about key and value, or the error report it gets instead. */
    private record Outcome(Future<RecordMetadata> sent, ObjectNode key, ObjectNode value, ObjectNode error) {
    }

    private record Encoded(byte[] bytes, ObjectNode report) {
    }

    public void produce(Exchange exchange) {
        ApiCaller caller = guard.admit(exchange);
        Map<String, String> path = ApiExchange.pathParams(exchange, "/v3/clusters/{cluster_id}/topics/{topic}/records");
        String clusterId = path.get("cluster_id");
        String topic = path.get("topic");
        guard.permit(caller, ApiOperation.PRODUCE, topic);
        String contentType = ApiExchange.header(exchange, Exchange.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, 415, "HTTP 415 Unsupported Media Type: send Content-Type: application/json");
        }
        byte[] body = ApiExchange.body(exchange);
        if (new String(body, StandardCharsets.UTF_8).isBlank()) {
            throw ApiException.emptyBody();
        }
        Optional<Integer> partitionCount = kafka.partitionCount(topic, -1);
        List<Outcome> outcomes = new ArrayList<>();
        try (MappingIterator<JsonNode> records = JSON.readerFor(JsonNode.class).readValues(body)) {
            while (true) {
                JsonNode record;
                try {
                    if (!records.hasNextValue()) {
                        break;
                    }
                    record = records.nextValue();
                } catch (IOException | RuntimeJsonMappingException e) {
                    // as Confluent's proxy: an error report for the malformed record, and the stream ends
                    outcomes.add(failure(400, "Bad Request: record " + (outcomes.size() + 1) + " is not valid JSON"
                            + location(e)));
                    break;
                }
                outcomes.add(send(topic, record, partitionCount, outcomes.size() + 1));
            }
        } catch (IOException e) {
            outcomes.add(failure(400, "Bad Request: the body is not valid JSON"));
        }
        // reports go out as Kafka acknowledges each record, in input order: a piped stream platform-http writes chunked
        PipedInputStream answer = new PipedInputStream(64 * 1024);
        PipedOutputStream out;
        try {
            out = new PipedOutputStream(answer);
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the report stream", e);
        }
        reportWriter(exchange).execute(() -> writeReports(out, outcomes, clusterId, topic, caller.clientId()));
        ApiExchange.respond(exchange, 200, "application/json", answer);
    }

    private void writeReports(PipedOutputStream out, List<Outcome> outcomes, String clusterId, String topic, String client) {
        int delivered = 0;
        try (out) {
            for (int i = 0; i < outcomes.size(); i++) {
                Outcome outcome = outcomes.get(i);
                ObjectNode report = outcome.error() != null ? outcome.error() : report(clusterId, topic, outcome);
                delivered += report.path("error_code").asInt() == 200 ? 1 : 0;
                out.write(((i == 0 ? "" : "\r\n") + ApiExchange.write(report)).getBytes(StandardCharsets.UTF_8));
                out.flush();
            }
        } catch (IOException e) {
            // the caller went away: its records are sent or failed all the same, only the reports are lost
            LOG.warn("HTTP bridge: client {} closed the connection before all reports for topic {} were written", client, topic);
        }
        LOG.debug("HTTP bridge: client {} produced {} of {} records to {}", client, delivered, outcomes.size(), topic);
    }

    private synchronized ExecutorService reportWriter(Exchange exchange) {
        if (reportWriter == null) {
            reportWriter = exchange.getContext().getExecutorServiceManager().newCachedThreadPool(this, "wla-api-v3-reports");
        }
        return reportWriter;
    }

    private Outcome send(String topic, JsonNode record, Optional<Integer> partitionCount, int number) {
        try {
            if (!record.isObject()) {
                throw ApiException.badRequest("Bad Request: record " + number + " must be a JSON object");
            }
            if (partitionCount.isEmpty()) {
                throw ApiException.notFound(40401, "Topic '" + topic + "' not found");
            }
            Integer partition = partition(record, topic, partitionCount.get());
            Long timestamp = timestamp(record);
            RecordHeaders headers = headers(record);
            Encoded key = data(topic, record.get("key"), true, "key");
            Encoded value = data(topic, record.get("value"), false, "value");
            ProducerRecord<byte[], byte[]> producerRecord = new ProducerRecord<>(topic, partition, timestamp,
                    key == null ? null : key.bytes(), value == null ? null : value.bytes(), headers);
            return new Outcome(kafka.send(producerRecord), key == null ? null : key.report(),
                    value == null ? null : value.report(), null);
        } catch (ApiException e) {
            return failure(e.errorCode(), e.getMessage());
        } catch (org.apache.kafka.common.KafkaException e) {
            // producer.send throws for some failures instead of failing the future: this record's report, not a 500
            int code = e instanceof org.apache.kafka.common.errors.RetriableException ? 50003 : 50002;
            return failure(code, "Kafka did not accept the record: " + e.getClass().getSimpleName());
        } catch (RegistryException e) {
            // a client mistake (unknown subject, version or id) keeps the registry's code; anything else may pass: retriable
            int code = e.httpStatus() >= 400 && e.httpStatus() < 500 ? (e.errorCode() > 0 ? e.errorCode() : e.httpStatus()) : 50003;
            return failure(code, "Schema Registry: " + KafkaGateway.oneLine(e.getMessage()));
        }
    }

    private static Outcome failure(int errorCode, String message) {
        return new Outcome(null, null, null, ApiExchange.error(errorCode, message));
    }

    private static ObjectNode report(String clusterId, String topic, Outcome outcome) {
        RecordMetadata metadata;
        try {
            metadata = outcome.sent().get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
                return ApiExchange.error(413, "Record larger than Kafka accepts");
            }
            int code = cause instanceof org.apache.kafka.common.errors.RetriableException ? 50003 : 50002;
            return ApiExchange.error(code, "Kafka did not accept the record: " + cause.getClass().getSimpleName());
        } catch (java.util.concurrent.TimeoutException e) {
            return ApiExchange.error(50003, "Kafka did not acknowledge the record in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ApiExchange.error(50003, "Interrupted while waiting for Kafka");
        }
        ObjectNode report = JSON.createObjectNode()
                .put("error_code", 200)
                .put("cluster_id", clusterId)
                .put("topic_name", topic)
                .put("partition_id", metadata.partition())
                .put("offset", metadata.offset());
        if (metadata.hasTimestamp()) {
            report.put("timestamp", Instant.ofEpochMilli(metadata.timestamp()).toString());
        }
        if (outcome.key() != null) {
            report.set("key", outcome.key());
        }
        if (outcome.value() != null) {
            report.set("value", outcome.value());
        }
        return report;
    }

    /** The record's partition_id, checked against the topic's partition count (asked again if it lies beyond). */
    private Integer partition(JsonNode record, String topic, int partitionCount) {
        JsonNode node = record.get("partition_id");
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw ApiException.badRequest("Bad Request: partition_id must be a whole number");
        }
        int partition = node.intValue();
        if (partition < 0 || (partition >= partitionCount && partition >= kafka.partitionCount(topic, partition).orElse(0))) {
            throw ApiException.notFound(40402, "Partition " + partition + " of topic '" + topic + "' not found");
        }
        return partition;
    }

    private static Long timestamp(JsonNode record) {
        JsonNode node = record.get("timestamp");
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            if (node.isTextual()) {
                return Instant.parse(node.textValue()).toEpochMilli();
            }
        } catch (DateTimeParseException | ArithmeticException e) {
            // falls through to the 400 below
        }
        throw ApiException.badRequest("Bad Request: timestamp must be an ISO-8601 instant, e.g. 2026-01-15T10:30:00Z");
    }

    private static RecordHeaders headers(JsonNode record) {
        RecordHeaders headers = new RecordHeaders();
        JsonNode node = record.get("headers");
        if (node == null || node.isNull()) {
            return headers;
        }
        if (!node.isArray()) {
            throw ApiException.badRequest("Bad Request: headers must be an array of {name, value}");
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode header = node.get(i);
            JsonNode name = header.get("name");
            if (!header.isObject() || name == null || !name.isTextual()) {
                throw ApiException.badRequest("Bad Request: headers[" + i + "].name must be a string");
            }
            JsonNode value = header.get("value");
            byte[] bytes = null;
            if (value != null && !value.isNull()) {
                bytes = base64(value, "headers[" + i + "].value");
            }
            headers.add(new RecordHeader(name.textValue(), bytes));
        }
        return headers;
    }

    /** The bytes of a key or value and what the report says about them; null when the record has none. */
    private Encoded data(String topic, JsonNode node, boolean isKey, String field) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("Bad Request: " + field + " must be an object with type and data");
        }
        JsonNode typeNode = node.get("type");
        if (typeNode != null && !typeNode.isNull() && !typeNode.isTextual()) {
            throw ApiException.badRequest("Bad Request: " + field + ".type must be a string");
        }
        String type = typeNode == null || typeNode.isNull() ? null : typeNode.textValue().toUpperCase(Locale.ROOT);
        JsonNode data = node.get("data");
        boolean hasSchemaId = present(node, "schema_id");
        boolean hasVersion = present(node, "schema_version");
        boolean hasSchema = present(node, "schema");
        if (type != null && !hasSchemaId && !hasVersion && !hasSchema) {
            switch (type) {
                case "JSON" -> {
                    return schemaless(type, data == null || data.isNull() ? null
                            : ApiExchange.write(data).getBytes(StandardCharsets.UTF_8));
                }
                case "STRING" -> {
                    if (data != null && !data.isNull() && !data.isTextual()) {
                        throw ApiException.badRequest("Bad Request: data=" + shortText(data) + " is not a string.");
                    }
                    return schemaless(type, data == null || data.isNull() ? null : data.textValue().getBytes(StandardCharsets.UTF_8));
                }
                case "BINARY" -> {
                    return schemaless(type, data == null || data.isNull() ? null : base64(data, field + ".data"));
                }
                case "AVRO" -> throw unsupported(field + " of type AVRO needs schema, or omit type and give schema_id"
                        + " or schema_version");
                case "PROTOBUF", "JSONSCHEMA" -> throw unsupported(field + " type " + type
                        + " is not supported by WLA Bridge: use AVRO, JSON, STRING or BINARY");
                default -> throw ApiException.badRequest("Bad Request: " + field + ".type must be one of JSON, STRING,"
                        + " BINARY, AVRO");
            }
        }
        SubjectNameStrategy strategy = strategy(node, field);
        String subject = text(node, "subject", field);
        RegisteredSchema resolved;
        if (hasSchemaId) {
            if (type != null || hasVersion || hasSchema) {
                throw unsupported(field + " with schema_id must not have type, schema_version or schema");
            }
            int id = intField(node, "schema_id", field);
            Schema schema = registry.schemaById(id);
            String named = subject != null ? subject : strategy.subjectFor(topic, isKey, schema);
            Integer version = registry.lookup(named, schema).map(RegisteredSchema::version).orElse(null);
            resolved = new RegisteredSchema(named, id, version == null ? -1 : version, schema);
        } else if (hasVersion) {
            if (type != null || hasSchema) {
                throw unsupported(field + " with schema_version must not have type or schema");
            }
            resolved = registry.version(subjectWithoutSchema(topic, isKey, subject, strategy, field),
                    intField(node, "schema_version", field));
        } else if (hasSchema) {
            if (!"AVRO".equals(type)) {
                throw unsupported(field + " with schema needs type AVRO (WLA Bridge writes Avro only)");
            }
            Schema schema;
            try {
                schema = new Schema.Parser().parse(text(node, "schema", field));
            } catch (SchemaParseException e) {
                throw ApiException.badRequest("Bad Request: " + field + ".schema is not a valid Avro schema: "
                        + KafkaGateway.oneLine(e.getMessage()));
            }
            String named = subject != null ? subject : strategy.subjectFor(topic, isKey, schema);
            Optional<RegisteredSchema> found = registry.lookup(named, schema);
            resolved = found.orElseGet(() -> {
                int id = registry.register(named, schema);
                return registry.lookup(named, schema).orElse(new RegisteredSchema(named, id, -1, schema));
            });
        } else {
            resolved = registry.latest(subjectWithoutSchema(topic, isKey, subject, strategy, field));
        }
        byte[] bytes = null;
        if (data != null && !data.isNull()) {
            try {
                bytes = AvroJsonRecords.encode(resolved.schema(), resolved.id(), ApiExchange.write(data));
            } catch (RecordSerializationException e) {
                throw new ApiException(422, 422, "Error: 42207 : " + field + " " + e.getMessage());
            }
        }
        ObjectNode report = JSON.createObjectNode().put("type", "AVRO").put("subject", resolved.subject())
                .put("schema_id", resolved.id());
        if (resolved.version() > 0) {
            report.put("schema_version", resolved.version());
        }
        report.put("size", bytes == null ? 0 : bytes.length);
        return new Encoded(bytes, report);
    }

    private static Encoded schemaless(String type, byte[] bytes) {
        return new Encoded(bytes, JSON.createObjectNode().put("type", type).put("size", bytes == null ? 0 : bytes.length));
    }

    private static String subjectWithoutSchema(String topic, boolean isKey, String subject, SubjectNameStrategy strategy,
            String field) {
        if (subject != null) {
            return subject;
        }
        if (strategy != SubjectNameStrategy.TOPIC_NAME) {
            throw unsupported(field + ": subject_name_strategy " + strategy.name() + " needs schema_id or schema to name"
                    + " the subject; give subject instead");
        }
        return strategy.subjectFor(topic, isKey, null);
    }

    private static SubjectNameStrategy strategy(JsonNode node, String field) {
        String name = text(node, "subject_name_strategy", field);
        if (name == null) {
            return SubjectNameStrategy.TOPIC_NAME;
        }
        return switch (name.toUpperCase(Locale.ROOT)) {
            case "TOPIC_NAME" -> SubjectNameStrategy.TOPIC_NAME;
            case "RECORD_NAME" -> SubjectNameStrategy.RECORD_NAME;
            case "TOPIC_RECORD_NAME" -> SubjectNameStrategy.TOPIC_RECORD_NAME;
            default -> throw ApiException.badRequest("Bad Request: " + field + ".subject_name_strategy must be"
                    + " TOPIC_NAME, RECORD_NAME or TOPIC_RECORD_NAME");
        };
    }

    private static boolean present(JsonNode node, String name) {
        JsonNode value = node.get(name);
        return value != null && !value.isNull();
    }

    private static String text(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ApiException.badRequest("Bad Request: " + field + "." + name + " must be a string");
        }
        return value.textValue();
    }

    private static int intField(JsonNode node, String name, String field) {
        JsonNode value = node.get(name);
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 1) {
            throw ApiException.badRequest("Bad Request: " + field + "." + name + " must be a positive whole number");
        }
        return value.intValue();
    }

    private static byte[] base64(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw ApiException.badRequest("Bad Request: " + field + "=" + shortText(value) + " is not a base64 string.");
        }
        try {
            return Base64.getDecoder().decode(value.textValue());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("Bad Request: " + field + " is not a valid base64 string.");
        }
    }

    private static ApiException unsupported(String message) {
        return ApiException.badRequest("Unsupported argument: " + message);
    }

    private static String shortText(JsonNode node) {
        String text = ApiExchange.write(node);
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }

    private static String location(Exception e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException json && json.getLocation() != null) {
            return " (line " + json.getLocation().getLineNr() + ", column " + json.getLocation().getColumnNr() + ")";
        }
        return "";
    }
}
