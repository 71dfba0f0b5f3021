package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.Test;

class WireFormatTest {

    private static final byte[] CONTRACT_EXAMPLE = {0x00, 0x00, 0x00, 0x00, 0x2A, 0x04, 0x68, 0x69};

    @Test
    void encodesContractExampleId42AndAvroStringHi() throws IOException {
        byte[] payload = avroString("hi");

        assertThat(payload).containsExactly(0x04, 0x68, 0x69);
        assertThat(WireFormat.encode(42, payload)).containsExactly(CONTRACT_EXAMPLE);
    }

    @Test
    void headerIsMagicByteAndBigEndianId() {
        assertThat(WireFormat.header(42)).containsExactly(0x00, 0x00, 0x00, 0x00, 0x2A);
        assertThat(WireFormat.header(0x01020304)).containsExactly(0x00, 0x01, 0x02, 0x03, 0x04);
    }

    @Test
    void decodesIdAndPayloadOfContractExample() {
        WireFormat.Decoded decoded = WireFormat.decode(CONTRACT_EXAMPLE);

        assertThat(decoded.schemaId()).isEqualTo(42);
        assertThat(remaining(decoded.payload())).containsExactly(0x04, 0x68, 0x69);
        assertThat(WireFormat.schemaIdOf(CONTRACT_EXAMPLE)).isEqualTo(42);
        assertThat(WireFormat.payloadOf(CONTRACT_EXAMPLE)).containsExactly(0x04, 0x68, 0x69);
    }

    @Test
    void roundTripsLargeIdsAndEmptyPayload() {
        byte[] encoded = WireFormat.encode(Integer.MAX_VALUE, new byte[0]);

        assertThat(encoded).hasSize(WireFormat.HEADER_LENGTH);
        assertThat(WireFormat.schemaIdOf(encoded)).isEqualTo(Integer.MAX_VALUE);
        assertThat(WireFormat.payloadOf(encoded)).isEmpty();
    }

    @Test
    void rejectsOtherMagicByte() {
        byte[] guidFormat = {0x01, 0x00, 0x00, 0x00, 0x2A, 0x04};

        assertThatThrownBy(() -> WireFormat.decode(guidFormat))
                .isInstanceOf(RecordSerializationException.class)
                .hasMessageContaining("0x01")
                .hasMessageContaining("magic byte 0x00");
    }

    @Test
    void rejectsInputShorterThanHeader() {
        assertThatThrownBy(() -> WireFormat.schemaIdOf(new byte[] {0x00, 0x00, 0x2A}))
                .isInstanceOf(RecordSerializationException.class)
                .hasMessageContaining("at least 5 bytes")
                .hasMessageContaining("got 3");
        assertThatThrownBy(() -> WireFormat.payloadOf(null)).isInstanceOf(RecordSerializationException.class);
    }

    private static byte[] avroString(String value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<CharSequence>(Schema.create(Schema.Type.STRING)).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static byte[] remaining(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }
}
