package io.wlabridge.demo;

import java.time.LocalDate;
import java.util.StringJoiner;

import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;

/** A decoded Avro event as one readable line, dates as dates (demo output). */
public final class EventText {

    private EventText() {
    }

    public static String of(GenericRecord record) {
        StringJoiner text = new StringJoiner(", ", record.getSchema().getName() + "{", "}");
        for (Schema.Field field : record.getSchema().getFields()) {
            Object value = record.get(field.pos());
            if (value instanceof Integer days && field.schema().getLogicalType() instanceof LogicalTypes.Date) {
                value = LocalDate.ofEpochDay(days);
            }
            text.add(field.name() + "=" + value);
        }
        return text.toString();
    }
}
