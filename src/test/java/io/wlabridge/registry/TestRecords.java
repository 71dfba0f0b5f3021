package io.wlabridge.registry;

import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;

/** Valid records of {@link TestSchemas}, for tests to break one field at a time. */
public final class TestRecords {

    private TestRecords() {
    }

    public static GenericRecord deviation() {
        GenericRecord record = new GenericData.Record(TestSchemas.DEVIATION);
        record.put("jobId", "JOB-7");
        record.put("count", 3);
        record.put("amount", 12.5);
        record.put("ttDateTomorrow", 20_455);
        record.put("createdAt", 1_767_312_000_000L);
        record.put("status", new GenericData.EnumSymbol(TestSchemas.DEVIATION.getField("status").schema(), "OPEN"));
        record.put("note", "late");
        return record;
    }

    public static GenericRecord order(long id) {
        GenericRecord record = new GenericData.Record(TestSchemas.ORDER_V1);
        record.put("id", id);
        return record;
    }
}
