package io.wlabridge.automic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

import io.wlabridge.registry.RegistryException;
import io.wlabridge.registry.RegistryUnavailableException;

class EventDecoderTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"E","fields":[
              {"name":"id","type":"string"},
              {"name":"day","type":{"type":"int","logicalType":"date"}},
              {"name":"at","type":{"type":"long","logicalType":"timestamp-millis"}},
              {"name":"amount","type":{"type":"bytes","logicalType":"decimal","precision":9,"scale":2}},
              {"name":"note","type":["null","string"],"default":null},
              {"name":"tags","type":{"type":"array","items":"string"}}
            ]}""");

    private static GenericRecord record() {
        GenericRecord record = new GenericData.Record(SCHEMA);
        record.put("id", new org.apache.avro.util.Utf8("E-1"));
        record.put("day", (int) LocalDate.of(2026, 12, 30).toEpochDay());
        record.put("at", Instant.parse("2026-11-23T05:30:00Z").toEpochMilli());
        record.put("amount", ByteBuffer.wrap(new BigDecimal("1234.50").unscaledValue().toByteArray()));
        record.put("note", null);
        record.put("tags", List.of("x", "y"));
        return record;
    }

    @Test
    void avroInWireFormatBecomesPlainValuesWithDatesAsIsoText() {
        EventDecoder decoder = new EventDecoder(bytes -> record());

        Object decoded = decoder.decode(new byte[] {0, 0, 0, 0, 7, 2});

        assertThat(decoded).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("id", "E-1").containsEntry("day", "2026-12-30").containsEntry("at", "2026-11-23T05:30:00Z")
                .containsEntry("amount", "1234.50").containsEntry("tags", List.of("x", "y")).containsEntry("note", null)
                .hasSize(6);
    }

    @Test
    void jsonIsReadAsIs() {
        EventDecoder decoder = new EventDecoder(bytes -> {
            throw new AssertionError("not Avro");
        });

        assertThat(decoder.decode("{\"a\":1,\"b\":[\"x\"]}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo(Map.of("a", 1, "b", List.of("x")));
    }

    @Test
    void neitherJsonNorAvroIsNotReadableAndTheMessageDoesNotQuoteTheEvent() {
        EventDecoder decoder = new EventDecoder(bytes -> record());

        assertThatThrownBy(() -> decoder.decode("secret-ish text".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(EventNotReadableException.class)
                .hasMessageContaining("neither JSON nor Avro").hasMessageNotContaining("secret-ish");
        assertThatThrownBy(() -> decoder.decode(new byte[0])).isInstanceOf(EventNotReadableException.class)
                .hasMessageContaining("no value");
    }

    @Test
    void unknownSchemaIsNotReadableButAnUnreachableRegistryIsRetried() {
        EventDecoder unknown = new EventDecoder(bytes -> {
            throw new RegistryException("Schema 7 not found", 404, 40403, null);
        });
        EventDecoder unreachable = new EventDecoder(bytes -> {
            throw new RegistryUnavailableException("registry down", 0, 0, null, null);
        });

        assertThatThrownBy(() -> unknown.decode(new byte[] {0, 0, 0, 0, 7})).isInstanceOf(EventNotReadableException.class);
        assertThatThrownBy(() -> unreachable.decode(new byte[] {0, 0, 0, 0, 7})).isInstanceOf(RegistryUnavailableException.class);
    }
}
