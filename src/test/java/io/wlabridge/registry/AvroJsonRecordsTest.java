package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.junit.jupiter.api.Test;

class AvroJsonRecordsTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Deviation\","
            + "\"fields\":[{\"name\":\"system\",\"type\":\"string\"},{\"name\":\"days\",\"type\":\"int\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}");

    @Test
    void avroJsonBecomesWireFormatWithTheSchemaId() throws Exception {
        byte[] bytes = AvroJsonRecords.encode(SCHEMA, 42, "{\"system\":\"CLAIMS\",\"days\":3,\"note\":{\"string\":\"n\"}}");
        assertThat(WireFormat.schemaIdOf(bytes)).isEqualTo(42);
        GenericRecord record = new GenericDatumReader<GenericRecord>(SCHEMA).read(null,
                DecoderFactory.get().binaryDecoder(WireFormat.payloadOf(bytes), null));
        assertThat(record.get("system").toString()).isEqualTo("CLAIMS");
        assertThat(record.get("days")).isEqualTo(3);
        assertThat(record.get("note").toString()).isEqualTo("n");
    }

    @Test
    void wrongTypeOrMissingFieldIsASerializationErrorWithoutTheValue() {
        assertThatThrownBy(() -> AvroJsonRecords.encode(SCHEMA, 1, "{\"system\":\"S\",\"days\":\"secret-7\",\"note\":null}"))
                .isInstanceOf(RecordSerializationException.class).hasMessageContaining("Deviation")
                .hasMessageNotContaining("secret-7");
        assertThatThrownBy(() -> AvroJsonRecords.encode(SCHEMA, 1, "{\"system\":\"S\"}"))
                .isInstanceOf(RecordSerializationException.class);
        assertThatThrownBy(() -> AvroJsonRecords.encode(SCHEMA, 1, "[1,2]"))
                .isInstanceOf(RecordSerializationException.class);
    }
}
