package io.wlabridge.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.io.DecoderFactory;

/**
 * A datum given as Avro JSON (unions as {@code {"string": "x"}}, as REST proxies take it) turned into Confluent
 * wire-format bytes: decoded against the schema by Avro's own JSON decoder, checked with {@link GenericData#validate}
 * (explained by {@link RecordValidator}), then the 5-byte header and the binary encoding. Pure: no registry calls.
 */
public final class AvroJsonRecords {

    private AvroJsonRecords() {
    }

    /**
     * @throws RecordSerializationException naming what does not match (field and expected type, never values)
     */
    public static byte[] encode(Schema schema, int schemaId, String avroJson) {
        Object datum;
        try {
            datum = new GenericDatumReader<>(schema).read(null, DecoderFactory.get().jsonDecoder(schema, avroJson));
        } catch (IOException | AvroRuntimeException | IllegalArgumentException | NullPointerException e) {
            throw new RecordSerializationException("data does not match schema " + schema.getFullName() + ": "
                    + oneLine(e.getMessage()));
        }
        if (!GenericData.get().validate(schema, datum)) {
            throw new RecordSerializationException(datum instanceof IndexedRecord record ? RecordValidator.firstViolation(record)
                    : "data does not match schema " + schema.getFullName());
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.write(WireFormat.header(schemaId));
            BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
            new GenericDatumWriter<>(schema).write(datum, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (IOException | AvroRuntimeException | ClassCastException e) {
            throw new RecordSerializationException("data does not encode with schema " + schema.getFullName() + ": "
                    + e.getClass().getSimpleName());
        }
    }

    private static String oneLine(String message) {
        return message == null ? "unreadable" : message.replaceAll("\\s+", " ").trim();
    }
}
