package io.wlabridge.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The v1 produce body read as a token stream: the records and their bytes, and every refusal with the status and
 * message the HTTP bridge answers (docs/http-bridge.md), in record order.
 */
class ProduceBodyTest {

    private static ProduceBody parse(String body) {
        return ProduceBody.parse(body.getBytes(StandardCharsets.UTF_8));
    }

    private static List<ProducerRecord<byte[], byte[]>> records(String body, int partitions) {
        return parse(body).records("t", partitions);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    @Test
    void aStringIsSentAsItsTextAnyOtherValueAsItsJson() {
        List<ProducerRecord<byte[], byte[]>> records = records("{\"records\":[{\"key\":\"k1\",\"value\":\"caf\u00e9 \\\"x\\\"\"},"
                + "{\"value\":{\"a\":[1,2.50,true,null]}},{\"key\":7,\"value\":1.10},{\"value\":false,\"key\":null},"
                + "{\"value\":12345678901234567890}]}", 1);

        assertThat(records).hasSize(5);
        assertThat(text(records.get(0).key())).isEqualTo("k1");
        assertThat(text(records.get(0).value())).isEqualTo("caf\u00e9 \"x\"");
        assertThat(text(records.get(1).value())).isEqualTo("{\"a\":[1,2.5,true,null]}");
        assertThat(records.get(1).key()).isNull();
        assertThat(text(records.get(2).key())).isEqualTo("7");
        assertThat(text(records.get(2).value())).isEqualTo("1.1");
        assertThat(text(records.get(3).value())).isEqualTo("false");
        assertThat(records.get(3).key()).isNull();
        assertThat(text(records.get(4).value())).isEqualTo("12345678901234567890");
        assertThat(records).allSatisfy(r -> {
            assertThat(r.topic()).isEqualTo("t");
            assertThat(r.partition()).isNull();
        });
    }

    @Test
    void partitionsAreKeptAndTheHighestIsKnownBeforeTheRecordsAreBuilt() {
        ProduceBody body = parse("{\"records\":[{\"value\":\"a\",\"partition\":2},{\"value\":\"b\"},"
                + "{\"value\":\"c\",\"partition\":0},{\"value\":\"d\",\"partition\":null}]}");

        assertThat(body.highestPartition()).isEqualTo(2);
        List<ProducerRecord<byte[], byte[]>> records = body.records("t", 3);
        assertThat(records).extracting(ProducerRecord::partition).containsExactly(2, null, 0, null);
        assertThat(parse("{\"records\":[{\"value\":\"a\"}]}").highestPartition()).isEqualTo(-1);
    }

    /** The highest partition decides whether a request may run on the event loop (one beyond the known count may not). */
    @Test
    void theHighestPartitionCountsAKeySpelledWithEscapesAndNotAValueThatSaysPartition() {
        assertThat(parse("{\"records\":[{\"p\\u0061rtition\":7,\"value\":\"v\"}]}").highestPartition()).isEqualTo(7);
        assertThat(parse("{\"records\":[{\"value\":\"partition\",\"key\":{\"partition\":9}}]}").highestPartition())
                .isEqualTo(-1);
    }

    @Test
    void theLastOfARepeatedFieldCountsAsInATree() {
        List<ProducerRecord<byte[], byte[]>> records = records("{\"records\":[{\"value\":\"old\"}],\"other\":{\"x\":[1]},"
                + "\"records\":[{\"value\":\"first\",\"value\":\"second\",\"partition\":5,\"partition\":null}]}", 1);

        assertThat(records).hasSize(1);
        assertThat(text(records.get(0).value())).isEqualTo("second");
        assertThat(records.get(0).partition()).isNull();
        assertThatThrownBy(() -> records("{\"records\":[{\"value\":\"x\"}],\"records\":{}}", 1))
                .isInstanceOf(ApiException.class).hasMessageContaining("'records' is missing or not an array");
    }

    static Stream<Arguments> bodiesRefusedAsAWhole() {
        return Stream.of(
                arguments("", 422, "Request body is empty"),
                arguments("  \n", 422, "Request body is empty"),
                arguments("{\"records\":[{\"value\":", 400, "Request body is not valid JSON: "),
                arguments("{\"records\":[{\"value\":\"x\"}], }", 400, "not valid JSON"),
                arguments("[{\"records\":1}", 400, "not valid JSON"),
                arguments("{\"records\":[", 400, "not valid JSON"),
                arguments("{\"records\":[{\"value\":\"x\"}", 400, "not valid JSON"),
                arguments("{\"records\":[{\"value\":\"x\",", 400, "not valid JSON"),
                arguments("{\"rec\":[]}", 400, "'records' is missing or not an array"),
                arguments("{\"records\":{\"value\":\"x\"}}", 400, "'records' is missing or not an array"),
                arguments("[{\"value\":\"x\"}]", 400, "'records' is missing or not an array"),
                arguments("null", 400, "'records' is missing or not an array"));
    }

    @ParameterizedTest
    @MethodSource("bodiesRefusedAsAWhole")
    void aBodyThatIsNotJsonOrHasNoRecordsArrayIsRefusedAsAWhole(String body, int status, String message) {
        assertRefused(body, status, message);
    }

    @Test
    void aSyntaxErrorIsReportedWithWhereItIs() {
        assertThatThrownBy(() -> parse("{\"records\":[{\"value\":\"x\" x}]}"))
                .hasMessageMatching("Request body is not valid JSON: .* at line 1, column \\d+");
    }

    @Test
    void aBadRecordIsRefusedByItsPathInRecordOrderOnceThePartitionCountIsKnown() {
        // parsing accepts them: a missing topic (known only with the partition count) is answered first
        ProduceBody body = parse("{\"records\":[{\"value\":\"ok\"},5,{\"key\":\"k\"}]}");

        assertThat(body.entries()).hasSize(3);
        assertRefusedRecords("{\"records\":[{\"value\":\"ok\"},5,{\"key\":\"k\"}]}", 400,
                "'records[1]' must be an object with 'value' and optional 'key' and 'partition'");
        assertRefusedRecords("{\"records\":[{\"value\":1},{\"key\":\"k\"}]}", 400, "'records[1].value' is required");
        assertRefusedRecords("{\"records\":[{\"value\":null}]}", 400, "'records[0].value' is required");
        assertRefusedRecords("{\"records\":[{\"value\":1,\"partition\":\"x\"}]}", 400,
                "'records[0].partition' must be a whole number");
        assertRefusedRecords("{\"records\":[{\"value\":1,\"partition\":1.5}]}", 400,
                "'records[0].partition' must be a whole number");
        assertRefusedRecords("{\"records\":[{\"value\":1,\"partition\":3000000000}]}", 400,
                "'records[0].partition' must be a whole number");
        assertRefusedRecords("{\"records\":[{\"value\":1,\"partition\":{\"p\":1}}]}", 400,
                "'records[0].partition' must be a whole number");
        assertRefusedRecords("{\"records\":[{\"value\":1,\"partition\":3}]}", 404,
                "'records[0].partition' is 3 but topic 't' has partitions 0 to 1");
        assertRefusedRecords("{\"records\":[{\"value\":1,\"partition\":-1}]}", 404, "'records[0].partition' is -1");
        assertRefusedRecords("{\"records\":[{\"value\":1,\"partition\":2},{\"key\":\"k\"}]}", 404,
                "'records[0].partition' is 2", "the first record's problem first");
    }

    @Test
    void anEmptyArrayHasNoRecords() {
        assertThat(records("{\"records\":[]}", 1)).isEmpty();
    }

    private static void assertRefused(String body, int status, String message) {
        assertThatThrownBy(() -> parse(body)).as(body).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).isEqualTo(status)).hasMessageContaining(message);
    }

    private static void assertRefusedRecords(String body, int status, String message, String... why) {
        assertThatThrownBy(() -> records(body, 2)).as(why.length > 0 ? why[0] : body)
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status()).isEqualTo(status))
                .hasMessageContaining(message);
    }
}
