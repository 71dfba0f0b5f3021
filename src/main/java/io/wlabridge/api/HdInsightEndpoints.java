package io.wlabridge.api;

import static io.wlabridge.api.ApiExchange.JSON;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.camel.AsyncCallback;
import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.support.AsyncProcessorSupport;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The Azure HDInsight Kafka REST proxy API v1 (docs/contracts/hdinsight-rest-proxy.md): metadata, create topic,
 * produce, and the stateless consume at an offset with the {@code NextOffset} header.
 */
public final class HdInsightEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(HdInsightEndpoints.class);
    private static final int MAX_COUNT = 10_000;

    private final ApiGuard guard;
    private final KafkaGateway kafka;

    public HdInsightEndpoints(ApiGuard guard, KafkaGateway kafka) {
        this.guard = guard;
        this.kafka = kafka;
    }

    /** GET /v1/status: the proxy answers (a valid token is still required, as for every call). */
    public void status(Exchange exchange) {
        guard.admit(exchange);
        ApiExchange.respond(exchange, 200, JSON.getNodeFactory().textNode("OK"));
    }

    /** GET /v1/metadata/brokers, for callers with metadata on some topic. */
    public void brokers(Exchange exchange) {
        ApiCaller caller = guard.admit(exchange);
        requireAnyMetadata(caller);
        ObjectNode body = JSON.createObjectNode();
        ArrayNode brokers = body.putArray("brokers");
        kafka.brokers().stream().sorted(java.util.Comparator.comparingInt(Node::id)).forEach(n -> brokers.add(broker(n)));
        ApiExchange.respond(exchange, 200, body);
    }

    private void requireAnyMetadata(ApiCaller caller) {
        if (!guard.permissions().allowsAny(caller.grants(), ApiOperation.METADATA)) {
            throw new ApiException(403, 40301, "Not authorized: client " + caller.clientId()
                    + " has no group or role that wla.api.permissions allows metadata on any topic");
        }
    }

    /** GET /v1/metadata/topics: the topics the caller may see metadata of. */
    public void listTopics(Exchange exchange) {
        ApiCaller caller = guard.admit(exchange);
        requireAnyMetadata(caller);
        ArrayNode topics = JSON.createArrayNode();
        kafka.topics().stream().sorted()
                .filter(topic -> guard.permissions().allows(caller.grants(), ApiOperation.METADATA, topic))
                .forEach(topics::add);
        ObjectNode body = JSON.createObjectNode();
        body.set("topics", topics);
        ApiExchange.respond(exchange, 200, body);
    }

    /** GET /v1/metadata/topics/{topic}/partitions */
    public void partitions(Exchange exchange) {
        ApiCaller caller = guard.admit(exchange);
        String topic = ApiExchange.pathParams(exchange, "/v1/metadata/topics/{topic}/partitions").get("topic");
        guard.permit(caller, ApiOperation.METADATA, topic);
        TopicDescription description = existing(topic);
        ArrayNode partitions = JSON.createArrayNode();
        kafka.partitions(description).forEach(p -> partitions.add(partition(p)));
        ObjectNode body = JSON.createObjectNode().put("topic", topic);
        body.set("partitions", partitions);
        ApiExchange.respond(exchange, 200, body);
    }

    /** GET /v1/metadata/topics/{topic}/partitions/{partition} */
    public void partition(Exchange exchange) {
        ApiCaller caller = guard.admit(exchange);
        Map<String, String> path = ApiExchange.pathParams(exchange, "/v1/metadata/topics/{topic}/partitions/{partition}");
        String topic = path.get("topic");
        int id = ApiExchange.intParam(path.get("partition"), "partition");
        guard.permit(caller, ApiOperation.METADATA, topic);
        KafkaGateway.Partition partition = kafka.partitions(existing(topic)).stream()
                .filter(p -> p.info().partition() == id).findFirst()
                .orElseThrow(() -> ApiException.notFound(40402, "Partition " + id + " of topic '" + topic + "' not found"));
        ApiExchange.respond(exchange, 200, partition(partition));
    }

    /** PUT /v1/topics/{topic} with an optional {"partition_count", "replication_factor", "topic_properties"}. */
    public void createTopic(Exchange exchange) {
        ApiCaller caller = guard.admit(exchange);
        String topic = ApiExchange.pathParams(exchange, "/v1/topics/{topic}").get("topic");
        guard.permit(caller, ApiOperation.CREATE, topic);
        byte[] raw = ApiExchange.body(exchange);
        JsonNode body = raw.length == 0 ? JSON.createObjectNode() : parse(raw);
        if (!body.isObject()) {
            throw ApiException.badRequest("Request body must be a JSON object with partition_count, replication_factor"
                    + " and topic_properties");
        }
        Optional<Integer> partitions = optionalInt(body, "partition_count", 1, 10_000);
        Optional<Short> replication = optionalInt(body, "replication_factor", 1, Short.MAX_VALUE).map(Integer::shortValue);
        Map<String, String> configs = new LinkedHashMap<>();
        JsonNode properties = body.get("topic_properties");
        if (properties != null && !properties.isNull()) {
            if (!properties.isObject()) {
                throw ApiException.badRequest("'topic_properties' must be a JSON object of topic configs");
            }
            properties.fields().forEachRemaining(e -> {
                if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                    throw ApiException.badRequest("'topic_properties." + e.getKey() + "' must be a string, number or boolean");
                }
                configs.put(e.getKey(), e.getValue().asText());
            });
        }
        if (!kafka.create(topic, partitions, replication, configs)) {
            throw new ApiException(409, 40902, "Topic '" + topic + "' already exists");
        }
        LOG.info("HTTP bridge: client {} created topic {}", caller.clientId(), topic);
        ApiExchange.respond(exchange, 200, JSON.createObjectNode().put("topic", topic).put("created", true));
    }

    /**
     * POST /v1/producer/topics/{topic} with {"records": [{"key", "value", "partition"}]}; all or nothing per answer.
     * Asynchronous: the records are handed to the producer and the answer is set when Kafka has acknowledged the last
     * of them; no thread waits for the acknowledgements meanwhile ({@link AsyncHttpConsumer} answers the request then).
     */
    public AsyncProcessor produce() {
        return new AsyncProcessorSupport() {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                return produce(exchange, callback);
            }
        };
    }

    /** v1 produce's path: its route's, and where {@link AsyncHttpEngine} gives the route its asynchronous consumer. */
    static final String PRODUCE_PATH = "/v1/producer/topics/{topic}";
    /** Exchange property: the produce request's topic, as {@link #producesWithoutBlocking} read it from the path. */
    private static final String TOPIC_PROPERTY = "wla.api.topic";
    /** Exchange property: the produce request's body as {@link #producesWithoutBlocking} parsed it, parsed once. */
    private static final String BODY_PROPERTY = "wla.api.produceBody";

    /** The largest produce request body that may run on the event loop (parsing a larger one would hold it up). */
    static final int EVENT_LOOP_MAX_BODY = 64 * 1024;

    /**
     * Whether this produce request would run without blocking, so {@link AsyncHttpConsumer} may run it on the request's
     * event loop: a token verified before (no key fetch), a body of at most {@link #EVENT_LOOP_MAX_BODY} bytes that
     * parses, and a topic the producer sends to without waiting, with the partitions the records name within its known
     * count ({@link KafkaGateway#sendsWithoutBlocking}; one beyond it is looked up at Kafka). The parsed body is kept
     * for the route, which reads it only once. Anything else, an error included, goes to a worker thread.
     */
    public boolean producesWithoutBlocking(Exchange exchange) {
        try {
            byte[] body = ApiExchange.body(exchange);
            if (body.length > EVENT_LOOP_MAX_BODY || !guard.verifiedBefore(ApiExchange.header(exchange, "Authorization"))) {
                return false;
            }
            // parsed after the token check, so a caller without a valid token costs no parse on the event loop; a body
            // that does not parse goes to a worker, where the route answers it in its usual order (401/403 first)
            ProduceBody parsed = ProduceBody.parse(body);
            exchange.setProperty(BODY_PROPERTY, parsed);
            String topic = ApiExchange.pathParams(exchange, PRODUCE_PATH).get("topic");
            exchange.setProperty(TOPIC_PROPERTY, topic); // produce need not read the path again
            return kafka.sendsWithoutBlocking(topic, body.length, parsed.highestPartition());
        } catch (RuntimeException e) {
            return false;
        }
    }

    private boolean produce(Exchange exchange, AsyncCallback callback) {
        String topic;
        List<ProducerRecord<byte[], byte[]>> toSend;
        ApiCaller caller;
        try {
            caller = guard.admit(exchange);
            topic = exchange.getProperty(TOPIC_PROPERTY, String.class);
            if (topic == null) {
                topic = ApiExchange.pathParams(exchange, PRODUCE_PATH).get("topic");
            }
            guard.permit(caller, ApiOperation.PRODUCE, topic);
            ProduceBody body = exchange.getProperty(BODY_PROPERTY, ProduceBody.class);
            toSend = records(topic, body != null ? body : ProduceBody.parse(ApiExchange.body(exchange)));
        } catch (RuntimeException e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
        Acknowledgements acks = new Acknowledgements(exchange, callback, topic, caller, toSend.size(), kafka);
        for (int i = 0; i < toSend.size(); i++) {
            int index = i;
            try {
                kafka.send(toSend.get(i), (metadata, failure) -> acks.acknowledged(index, metadata, failure));
            } catch (org.apache.kafka.common.KafkaException e) {
                acks.notSent(index, new ApiException(503, 50003, "Kafka did not accept 'records[" + index + "]' on topic '"
                        + topic + "' (" + e.getClass().getSimpleName() + "); records before it may have been written; retry"));
                break;
            }
        }
        acks.allHandedOver();
        return false;
    }

    /** The request's records, checked: a missing topic is a 404, a bad record a 400 naming it. */
    private List<ProducerRecord<byte[], byte[]>> records(String topic, ProduceBody body) {
        int partitionCount = kafka.partitionCount(topic, body.highestPartition())
                .orElseThrow(() -> ApiException.notFound(40401, "Topic '" + topic + "' not found"));
        return body.records(topic, partitionCount);
    }

    /**
     * One produce request's acknowledgements: the answer (the offsets in request order, or the error of the first record
     * that failed) is set once every record handed to the producer is acknowledged and the handing over is done; the
     * count starts one above the records for the latter, so whichever comes last completes the exchange, exactly once.
     */
    private static final class Acknowledgements {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final String topic;
        private final ApiCaller caller;
        private final RecordMetadata[] delivered;
        private final ApiException[] failed; // written by the producer's thread, read after the count reached 0
        private final java.util.concurrent.atomic.AtomicInteger pending;
        private final KafkaGateway kafka;

        Acknowledgements(Exchange exchange, AsyncCallback callback, String topic, ApiCaller caller, int records,
                KafkaGateway kafka) {
            this.kafka = kafka;
            this.exchange = exchange;
            this.callback = callback;
            this.topic = topic;
            this.caller = caller;
            this.delivered = new RecordMetadata[records];
            this.failed = new ApiException[records];
            this.pending = new java.util.concurrent.atomic.AtomicInteger(records + 1);
        }

        void acknowledged(int index, RecordMetadata metadata, Exception failure) {
            if (failure == null) {
                delivered[index] = metadata;
            } else if (failure instanceof org.apache.kafka.common.errors.RecordTooLargeException) {
                failed[index] = new ApiException(413, 413, "'records[" + index + "]' is larger than Kafka accepts");
            } else {
                failed[index] = new ApiException(503, 50003, "Kafka did not acknowledge 'records[" + index + "]' on topic '"
                        + topic + "' (" + failure.getClass().getSimpleName() + "); records before it may have been written; retry");
            }
            countDown();
        }

        /** The producer refused record {@code index} at once: it and the records after it are not sent. */
        void notSent(int index, ApiException refusal) {
            failed[index] = refusal;
            pending.addAndGet(-(delivered.length - index - 1));
            countDown();
        }

        void allHandedOver() {
            countDown();
        }

        private void countDown() {
            if (pending.decrementAndGet() > 0) {
                return;
            }
            java.util.concurrent.Executor completeOn = exchange.getProperty(AsyncHttpConsumer.COMPLETE_ON,
                    java.util.concurrent.Executor.class);
            if (completeOn == null) {
                complete();
            } else {
                completeOn.execute(this::complete);
            }
        }

        private void complete() {
            for (ApiException failure : failed) {
                if (failure != null) {
                    exchange.setException(failure);
                    callback.done(false);
                    return;
                }
            }
            LOG.debug("HTTP bridge: client {} produced {} records to {}", caller.clientId(), delivered.length, topic);
            kafka.acknowledged(topic);
            ApiExchange.respond(exchange, 200, "application/json", offsets(delivered));
            callback.done(false);
        }

        private static final com.fasterxml.jackson.core.io.SerializedString OFFSETS =
                new com.fasterxml.jackson.core.io.SerializedString("offsets");
        private static final com.fasterxml.jackson.core.io.SerializedString PARTITION =
                new com.fasterxml.jackson.core.io.SerializedString("partition");
        private static final com.fasterxml.jackson.core.io.SerializedString OFFSET =
                new com.fasterxml.jackson.core.io.SerializedString("offset");

        /**
         * {"offsets": [{"partition", "offset"}]} in request order, written as a stream of UTF-8 bytes (no tree per record,
         * no text to encode again) with the field names serialised once: for a 100-record request the answer's text
         * and field names were 5 % of the event loop's time (JFR).
         */
        private static byte[] offsets(RecordMetadata[] delivered) {
            com.fasterxml.jackson.core.util.ByteArrayBuilder bytes = new com.fasterxml.jackson.core.util.ByteArrayBuilder(
                    24 + 32 * delivered.length);
            try (com.fasterxml.jackson.core.JsonGenerator json = JSON.getFactory().createGenerator(bytes,
                    com.fasterxml.jackson.core.JsonEncoding.UTF8)) {
                json.writeStartObject();
                json.writeFieldName(OFFSETS);
                json.writeStartArray();
                for (RecordMetadata metadata : delivered) {
                    json.writeStartObject();
                    json.writeFieldName(PARTITION);
                    json.writeNumber(metadata.partition());
                    json.writeFieldName(OFFSET);
                    json.writeNumber(metadata.offset());
                    json.writeEndObject();
                }
                json.writeEndArray();
                json.writeEndObject();
            } catch (java.io.IOException e) {
                throw new IllegalStateException("the offsets do not serialise", e); // a byte array does not fail
            }
            return bytes.toByteArray();
        }
    }

    /** GET /v1/consumer/topics/{topic}/partitions/{partition}/offsets/{offset}?count=N */
    public void consume(Exchange exchange) {
        ApiCaller caller = guard.admit(exchange);
        Map<String, String> path = ApiExchange.pathParams(exchange,
                "/v1/consumer/topics/{topic}/partitions/{partition}/offsets/{offset}");
        String topic = path.get("topic");
        int partition = ApiExchange.intParam(path.get("partition"), "partition");
        long offset = ApiExchange.longParam(path.get("offset"), "offset");
        String countParam = ApiExchange.header(exchange, "count");
        int count = countParam == null ? 1 : ApiExchange.intParam(countParam, "count");
        if (count < 1 || count > MAX_COUNT) {
            throw ApiException.badRequest("'count' must be between 1 and " + MAX_COUNT);
        }
        if (offset < 0) {
            throw ApiException.badRequest("'offset' must not be negative");
        }
        guard.permit(caller, ApiOperation.CONSUME, topic);
        KafkaGateway.Partition meta = kafka.partitions(existing(topic)).stream()
                .filter(p -> p.info().partition() == partition).findFirst()
                .orElseThrow(() -> ApiException.notFound(40402, "Partition " + partition + " of topic '" + topic + "' not found"));
        KafkaGateway.Consumed consumed = kafka.consume(new TopicPartition(topic, partition), offset, count, meta.latest());
        ArrayNode records = JSON.createArrayNode();
        for (ConsumerRecord<byte[], byte[]> record : consumed.records()) {
            records.addObject()
                    .put("key", ApiExchange.utf8(record.key()))
                    .put("value", ApiExchange.utf8(record.value()))
                    .put("partition", record.partition())
                    .put("offset", record.offset())
                    .put("timestamp", record.timestamp())
                    .put("timestampType", record.timestampType().name);
        }
        ObjectNode body = JSON.createObjectNode();
        body.set("records", records);
        ApiExchange.respond(exchange, 200, body);
        exchange.getMessage().setHeader("NextOffset", String.valueOf(consumed.nextOffset()));
    }

    private TopicDescription existing(String topic) {
        return kafka.describe(topic).orElseThrow(() -> ApiException.notFound(40401, "Topic '" + topic + "' not found"));
    }

    private static ObjectNode partition(KafkaGateway.Partition p) {
        TopicPartitionInfo info = p.info();
        ObjectNode node = JSON.createObjectNode()
                .put("partition_id", info.partition())
                .put("earliest_offset", p.earliest())
                .put("latest_offset", p.latest());
        if (info.leader() != null) {
            node.set("leader", broker(info.leader()));
        }
        ArrayNode replicas = node.putArray("replicas");
        info.replicas().forEach(n -> replicas.add(broker(n)));
        ArrayNode isr = node.putArray("isr");
        info.isr().forEach(n -> isr.add(broker(n)));
        return node;
    }

    private static ObjectNode broker(Node node) {
        // docs/contracts/hdinsight-rest-proxy.md: rack is always there, null for a broker without broker.rack
        return JSON.createObjectNode().put("hostName", node.host()).put("port", node.port()).put("id", node.id())
                .put("rack", node.hasRack() ? node.rack() : null);
    }

    private static Optional<Integer> optionalInt(JsonNode body, String field, int min, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < min || value.intValue() > max) {
            throw ApiException.badRequest("'" + field + "' must be a whole number from " + min + " to " + max);
        }
        return Optional.of(value.intValue());
    }

    /** Parses JSON; a syntax error is a 400 that says where. */
    static JsonNode parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.emptyBody();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || node.isMissingNode()) {
                throw ApiException.emptyBody();
            }
            return node;
        } catch (JsonProcessingException e) {
            throw notJson(e);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest("Request body cannot be read as JSON");
        }
    }

    /** The 400 for a body that is not JSON, saying where. */
    static ApiException notJson(JsonProcessingException e) {
        return ApiException.badRequest("Request body is not valid JSON: " + e.getOriginalMessage()
                + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column "
                + e.getLocation().getColumnNr()));
    }
}
