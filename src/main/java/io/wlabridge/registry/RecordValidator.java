package io.wlabridge.registry;

import java.util.stream.Collectors;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;

/**
 * Explains why a record fails {@link GenericData#validate}: Avro only answers yes or no, and a dead letter needs the
 * field and the reason. Names fields and types, never values (they may be personal data).
 */
final class RecordValidator {

    private RecordValidator() {
    }

    /** E.g. {@code field 'ttDateTomorrow' is null but the schema requires int (date)}. */
    static String firstViolation(IndexedRecord record) {
        String violation = firstViolation(record.getSchema(), record, "");
        return violation != null ? violation : "record does not match schema " + record.getSchema().getFullName();
    }

    private static String firstViolation(Schema schema, IndexedRecord record, String prefix) {
        for (Schema.Field field : schema.getFields()) {
            Object value = record.get(field.pos());
            if (!GenericData.get().validate(field.schema(), value)) {
                return explain(prefix + field.name(), field.schema(), value);
            }
        }
        return null;
    }

    private static String explain(String path, Schema schema, Object value) {
        if (value == null) {
            return "field '" + path + "' is null but the schema requires " + describe(schema);
        }
        Schema recordSchema = recordBranch(schema);
        if (recordSchema != null && value instanceof IndexedRecord nested
                && nested.getSchema().getFullName().equals(recordSchema.getFullName())) {
            String inner = firstViolation(recordSchema, nested, path + ".");
            if (inner != null) {
                return inner;
            }
        }
        if (schema.getType() == Schema.Type.ENUM) {
            return "field '" + path + "' is not a symbol of enum " + schema.getFullName();
        }
        return "field '" + path + "' holds a " + value.getClass().getSimpleName() + " but the schema requires "
                + describe(schema);
    }

    /** The record type a value should have: the schema itself, or the only record branch of a union. */
    private static Schema recordBranch(Schema schema) {
        if (schema.getType() == Schema.Type.RECORD) {
            return schema;
        }
        if (schema.getType() == Schema.Type.UNION) {
            var records = schema.getTypes().stream().filter(branch -> branch.getType() == Schema.Type.RECORD).toList();
            return records.size() == 1 ? records.get(0) : null;
        }
        return null;
    }

    private static String describe(Schema schema) {
        return switch (schema.getType()) {
            case UNION -> schema.getTypes().stream().map(RecordValidator::describe).collect(Collectors.joining(" or "));
            case RECORD, ENUM, FIXED -> schema.getType().getName() + " " + schema.getFullName();
            case ARRAY -> "array of " + describe(schema.getElementType());
            case MAP -> "map of " + describe(schema.getValueType());
            default -> {
                LogicalType logical = schema.getLogicalType();
                yield schema.getType().getName() + (logical == null ? "" : " (" + logical.getName() + ")");
            }
        };
    }
}
