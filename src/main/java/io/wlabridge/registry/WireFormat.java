package io.wlabridge.registry;

import java.nio.ByteBuffer;

/**
 * Confluent wire format (docs/contracts/schema-registry.md §6): magic byte {@code 0x00}, 4-byte big-endian schema id, then the Avro binary payload.
 * Hand-written because Confluent's serializers are not on Maven Central; pure functions, no I/O.
 */
public final class WireFormat {

    public static final byte MAGIC_BYTE = 0x0;
    public static final int HEADER_LENGTH = 5;

    /** A decoded message: the schema id and a read-only view of the Avro payload (no copy). */
    public record Decoded(int schemaId, ByteBuffer payload) {
    }

    private WireFormat() {
    }

    /** The 5-byte prefix for a schema id; callers that write many records compute it once per id. */
    public static byte[] header(int schemaId) {
        return ByteBuffer.allocate(HEADER_LENGTH).put(MAGIC_BYTE).putInt(schemaId).array();
    }

    public static byte[] encode(int schemaId, byte[] avroPayload) {
        return ByteBuffer.allocate(HEADER_LENGTH + avroPayload.length)
                .put(MAGIC_BYTE).putInt(schemaId).put(avroPayload).array();
    }

    public static Decoded decode(byte[] message) {
        checkHeader(message);
        ByteBuffer payload = ByteBuffer.wrap(message, HEADER_LENGTH, message.length - HEADER_LENGTH).slice();
        return new Decoded(ByteBuffer.wrap(message, 1, 4).getInt(), payload.asReadOnlyBuffer());
    }

    public static int schemaIdOf(byte[] message) {
        checkHeader(message);
        return ByteBuffer.wrap(message, 1, 4).getInt();
    }

    public static byte[] payloadOf(byte[] message) {
        checkHeader(message);
        byte[] payload = new byte[message.length - HEADER_LENGTH];
        System.arraycopy(message, HEADER_LENGTH, payload, 0, payload.length);
        return payload;
    }

    private static void checkHeader(byte[] message) {
        if (message == null || message.length < HEADER_LENGTH) {
            throw new RecordSerializationException("Not Confluent wire format: expected at least " + HEADER_LENGTH
                    + " bytes (magic byte + 4-byte schema id) but got " + (message == null ? "null" : message.length)
                    + "; was the message written by a Schema Registry serializer?");
        }
        if (message[0] != MAGIC_BYTE) {
            throw new RecordSerializationException(String.format(
                    "Not Confluent wire format: first byte is 0x%02X, expected magic byte 0x00; "
                            + "the message was not written by a Schema Registry Avro serializer (or uses the 0x01 GUID format)",
                    message[0] & 0xFF));
        }
    }
}
