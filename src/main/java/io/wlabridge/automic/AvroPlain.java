package io.wlabridge.automic;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericFixed;
import org.apache.avro.generic.IndexedRecord;

/**
 * A decoded Avro record as plain Java values, the shape Jackson would read from the event's JSON: records and maps
 * as {@code Map}, arrays as {@code List}, strings as {@code String}, dates and timestamps as ISO-8601 text, decimals
 * as exact text, bytes as Base64. Written here because Avro's own JSON encoder wraps unions in type objects and keeps
 * dates as day numbers, which neither a JSONPath filter nor an Automic input can use.
 */
public final class AvroPlain {

    private AvroPlain() {
    }

    public static Map<String, Object> of(IndexedRecord record) {
        @SuppressWarnings("unchecked")
        Map<String, Object> plain = (Map<String, Object>) value(record, record.getSchema());
        return plain;
    }

    static Object value(Object datum, Schema schema) {
        if (datum == null) {
            return null;
        }
        LogicalType logical = schema.getLogicalType();
        switch (schema.getType()) {
            case RECORD -> {
                IndexedRecord record = (IndexedRecord) datum;
                Map<String, Object> fields = new LinkedHashMap<>();
                for (Schema.Field field : record.getSchema().getFields()) {
                    fields.put(field.name(), value(record.get(field.pos()), field.schema()));
                }
                return fields;
            }
            case ARRAY -> {
                List<Object> items = new ArrayList<>();
                for (Object item : (Iterable<?>) datum) {
                    items.add(value(item, schema.getElementType()));
                }
                return items;
            }
            case MAP -> {
                Map<String, Object> entries = new LinkedHashMap<>();
                ((Map<?, ?>) datum).forEach((k, v) -> entries.put(k.toString(), value(v, schema.getValueType())));
                return entries;
            }
            case UNION -> {
                return value(datum, schema.getTypes().get(GenericData.get().resolveUnion(schema, datum)));
            }
            case INT -> {
                if (logical instanceof LogicalTypes.Date) {
                    return LocalDate.ofEpochDay((Integer) datum).toString();
                }
                if (logical instanceof LogicalTypes.TimeMillis) {
                    return LocalTime.ofNanoOfDay((Integer) datum * 1_000_000L).toString();
                }
                return datum;
            }
            case LONG -> {
                long v = (Long) datum;
                if (logical instanceof LogicalTypes.TimestampMillis || logical instanceof LogicalTypes.LocalTimestampMillis) {
                    return timestamp(Instant.ofEpochMilli(v), logical instanceof LogicalTypes.LocalTimestampMillis);
                }
                if (logical instanceof LogicalTypes.TimestampMicros || logical instanceof LogicalTypes.LocalTimestampMicros) {
                    return timestamp(Instant.EPOCH.plus(v, ChronoUnit.MICROS), logical instanceof LogicalTypes.LocalTimestampMicros);
                }
                if (logical instanceof LogicalTypes.TimeMicros) {
                    return LocalTime.ofNanoOfDay(v * 1000L).toString();
                }
                return datum;
            }
            case BYTES, FIXED -> {
                byte[] bytes = datum instanceof ByteBuffer buffer ? bytes(buffer) : ((GenericFixed) datum).bytes();
                if (logical instanceof LogicalTypes.Decimal decimal) {
                    return new BigDecimal(new BigInteger(bytes), decimal.getScale()).toPlainString();
                }
                return Base64.getEncoder().encodeToString(bytes);
            }
            case STRING, ENUM -> {
                return datum.toString();
            }
            default -> {
                return datum;
            }
        }
    }

    private static String timestamp(Instant instant, boolean local) {
        String text = instant.toString();
        return local ? text.substring(0, text.length() - 1) : text;
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.duplicate();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
