package io.wlabridge.api;

import static io.wlabridge.api.ApiExchange.JSON;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.clients.producer.ProducerRecord;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;

/**
 * The body of a v1 produce request, {@code {"records": [{"key", "value", "partition"}]}}, read as a stream of JSON
 * tokens with Jackson's parser: no tree of nodes per record (a 100-record request built 100 maps, a third of the event
 * loop's time with the answer's tree). What a record holds wrong is kept with it and reported by {@link #records} in
 * record order once the topic's partition count is known, as the tree-based reading did: a missing topic is answered
 * before a bad record. A string is sent as its UTF-8 text, any other value as its JSON text as a tree writes it.
 */
final class ProduceBody {

    /** One element of {@code records}: its key and value bytes and partition (null: none), or what is wrong with it. */
    record Entry(byte[] key, byte[] value, Integer partition, ApiException problem) {
    }

    private final List<Entry> entries;
    private final int highestPartition;

    private ProduceBody(List<Entry> entries, int highestPartition) {
        this.entries = entries;
        this.highestPartition = highestPartition;
    }

    List<Entry> entries() {
        return entries;
    }

    /** The highest partition the records name (-1 for none), for the topic's partition count to cover it. */
    int highestPartition() {
        return highestPartition;
    }

    /**
     * The records for {@code topic}; the first record, in request order, that is not one (400) or names a partition
     * the topic does not have (404) is thrown.
     */
    List<ProducerRecord<byte[], byte[]>> records(String topic, int partitionCount) {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>(entries.size());
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            if (entry.problem() != null) {
                throw entry.problem();
            }
            Integer partition = entry.partition();
            if (partition != null && (partition < 0 || partition >= partitionCount)) {
                throw ApiException.notFound(40402, "'records[" + i + "].partition' is " + partition + " but topic '" + topic
                        + "' has partitions 0 to " + (partitionCount - 1));
            }
            records.add(new ProducerRecord<>(topic, partition, entry.key(), entry.value()));
        }
        return records;
    }

    /**
     * The body read; invalid JSON is a 400 that says where, an empty body a 422, a body without a {@code records}
     * array a 400. Trailing content after the body's value is ignored, as Jackson's tree reading does.
     */
    static ProduceBody parse(byte[] body) {
        if (body.length == 0) {
            throw ApiException.emptyBody();
        }
        try (JsonParser parser = JSON.getFactory().createParser(body)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw ApiException.emptyBody();
            }
            List<Entry> records = null;
            int highest = -1;
            if (first == JsonToken.START_OBJECT) {
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String field = parser.currentName();
                    JsonToken value = parser.nextToken();
                    if ("records".equals(field) && value == JsonToken.START_ARRAY) {
                        records = new ArrayList<>();
                        highest = -1;
                        while (parser.nextToken() != JsonToken.END_ARRAY) {
                            Entry entry = entry(parser, records.size());
                            records.add(entry);
                            highest = entry.partition() == null ? highest : Math.max(highest, entry.partition());
                        }
                    } else {
                        records = "records".equals(field) ? null : records; // the last "records" counts
                        parser.skipChildren();
                    }
                }
            } else {
                parser.skipChildren(); // the whole value is read, so a syntax error in it is reported as such
            }
            if (records == null) {
                throw ApiException.badRequest("'records' is missing or not an array: send {\"records\": [{\"value\": ...}]}");
            }
            return new ProduceBody(records, highest);
        } catch (JsonProcessingException e) {
            throw HdInsightEndpoints.notJson(e);
        } catch (IOException e) {
            throw ApiException.badRequest("Request body cannot be read as JSON");
        }
    }

    /** Element {@code index} of the array, the parser at its first token; afterwards at its last. */
    private static Entry entry(JsonParser parser, int index) throws IOException {
        if (parser.currentToken() != JsonToken.START_OBJECT) {
            parser.skipChildren();
            return problem(ApiException.badRequest(
                    "'records[" + index + "]' must be an object with 'value' and optional 'key' and 'partition'"));
        }
        byte[] key = null;
        byte[] value = null;
        Integer partition = null;
        ApiException partitionProblem = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String field = parser.currentName();
            JsonToken token = parser.nextToken();
            switch (field) {
                case "value" -> value = bytes(parser, token);
                case "key" -> key = bytes(parser, token);
                case "partition" -> {
                    partition = null;
                    partitionProblem = null;
                    if (token == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT) {
                        partition = parser.getIntValue();
                    } else if (token != JsonToken.VALUE_NULL) {
                        parser.skipChildren();
                        partitionProblem = ApiException.badRequest("'records[" + index + "].partition' must be a whole number");
                    }
                }
                default -> parser.skipChildren();
            }
        }
        if (value == null) {
            return problem(ApiException.badRequest("'records[" + index + "].value' is required"));
        }
        return partitionProblem != null ? problem(partitionProblem) : new Entry(key, value, partition, null);
    }

    /** A string as its UTF-8 text, null as none, any other value as its JSON text (read as a tree, as before). */
    private static byte[] bytes(JsonParser parser, JsonToken token) throws IOException {
        if (token == JsonToken.VALUE_STRING) {
            return parser.getText().getBytes(StandardCharsets.UTF_8);
        }
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        return ApiExchange.write(JSON.readTree(parser)).getBytes(StandardCharsets.UTF_8);
    }

    private static Entry problem(ApiException problem) {
        return new Entry(null, null, null, problem);
    }
}
