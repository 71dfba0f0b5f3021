package io.wlabridge.registry;

import org.apache.avro.Schema;

/** Avro schemas shared by the registry and stand-in tests. */
public final class TestSchemas {

    /** A deviation record with the field types a job maps rows to (logical date, timestamp, enum, optional). */
    public static final Schema DEVIATION = parse("""
            {"type": "record", "name": "Deviation", "namespace": "io.wlabridge.test",
             "fields": [
               {"name": "jobId", "type": "string"},
               {"name": "count", "type": "int"},
               {"name": "amount", "type": "double"},
               {"name": "ttDateTomorrow", "type": {"type": "int", "logicalType": "date"}},
               {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}},
               {"name": "status", "type": {"type": "enum", "name": "Status", "symbols": ["OPEN", "CLOSED"]}},
               {"name": "note", "type": ["null", "string"], "default": null}
             ]}""");

    /** Version 1 of a small order record. */
    public static final Schema ORDER_V1 = parse("""
            {"type": "record", "name": "Order", "namespace": "com.acme",
             "fields": [{"name": "id", "type": "long"}]}""");

    /** ORDER_V1 plus a field with a default: BACKWARD compatible. */
    public static final Schema ORDER_V2_WITH_DEFAULT = parse("""
            {"type": "record", "name": "Order", "namespace": "com.acme",
             "fields": [{"name": "id", "type": "long"}, {"name": "currency", "type": "string", "default": "EUR"}]}""");

    /** ORDER_V1 plus a field without a default: not BACKWARD compatible. */
    public static final Schema ORDER_V2_WITHOUT_DEFAULT = parse("""
            {"type": "record", "name": "Order", "namespace": "com.acme",
             "fields": [{"name": "id", "type": "long"}, {"name": "currency", "type": "string"}]}""");

    private TestSchemas() {
    }

    public static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }
}
