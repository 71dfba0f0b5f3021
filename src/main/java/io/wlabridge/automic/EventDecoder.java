package io.wlabridge.automic;

import java.io.IOException;
import java.util.function.Function;

import org.apache.avro.generic.GenericRecord;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.wlabridge.registry.RegistryException;
import io.wlabridge.registry.RegistryUnavailableException;
import io.wlabridge.registry.WireFormat;

/**
 * An event's Kafka value as plain Java values (maps, lists, strings, numbers) for filters and input mapping:
 * Avro in Confluent wire format (magic byte 0, schema id from the registry) or JSON text. A JSON text never starts
 * with a zero byte, so the first byte tells them apart.
 */
public final class EventDecoder {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Function<byte[], GenericRecord> avro;

    /** @param avro decodes Confluent wire format, e.g. the registry data format's unmarshal */
    public EventDecoder(Function<byte[], GenericRecord> avro) {
        this.avro = avro;
    }

    /**
     * @throws EventNotReadableException when the value is neither (dead-letter it)
     * @throws RegistryUnavailableException when the registry cannot be reached (read the event again later)
     */
    public Object decode(byte[] value) {
        if (value == null || value.length == 0) {
            throw new EventNotReadableException("the event has no value (a tombstone or an empty message)");
        }
        if (value[0] == WireFormat.MAGIC_BYTE) {
            GenericRecord record;
            try {
                record = avro.apply(value);
            } catch (RegistryUnavailableException e) {
                throw e;
            } catch (RegistryException e) {
                throw new EventNotReadableException("the event's Avro schema is not usable: " + e.getMessage(), e);
            }
            return AvroPlain.of(record);
        }
        try {
            return JSON.readValue(value, Object.class);
        } catch (JsonProcessingException e) {
            // the location only: Jackson's message quotes the event's text, which must not reach the log
            JsonLocation at = e.getLocation();
            throw new EventNotReadableException("the event is neither JSON nor Avro in Confluent wire format (first byte 0x"
                    + String.format("%02X", value[0] & 0xFF) + "; JSON breaks at line " + (at == null ? "?" : at.getLineNr())
                    + ", column " + (at == null ? "?" : at.getColumnNr()) + ")");
        } catch (IOException e) {
            throw new EventNotReadableException("the event cannot be read as JSON: " + e.getClass().getSimpleName());
        }
    }

}
