package io.wlabridge.api;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/**
 * Which produce bodies may name a partition (those take a worker thread: a partition beyond the known count is looked
 * up at Kafka, which must not happen on the event loop).
 */
class HdInsightEndpointsTest {

    private static boolean mayNamePartition(String body) {
        return HdInsightEndpoints.mayNamePartition(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aBodyNamingAPartitionInAnySpellingMayNameOne() {
        assertTrue(mayNamePartition("{\"records\":[{\"partition\":1,\"value\":\"v\"}]}"));
        assertTrue(mayNamePartition("{\"records\":[{\"value\":\"v\",\"partition\" : 2}]}"));
        assertTrue(mayNamePartition("{\"records\":[{\"p\\u0061rtition\":1,\"value\":\"v\"}]}"), "a Unicode escape");
        assertTrue(mayNamePartition("{\"records\":[{\"value\":\"partition\"}]}"), "a value's text counts too: it just"
                + " takes a worker");
    }

    @Test
    void aBodyWithoutThemDoesNot() {
        assertFalse(mayNamePartition("{\"records\":[{\"key\":\"k\",\"value\":{\"a\":[1,2,\"x\\\"y\"]}}]}"));
        assertFalse(mayNamePartition("{\"records\":[{\"value\":\"partitions of the day\"}]}"));
        assertFalse(mayNamePartition("{\"records\":[{\"value\":\"v\"}],\"partitio"), "a truncated key at the end");
        assertFalse(mayNamePartition(""));
    }
}
