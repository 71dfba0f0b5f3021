package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RecordValidatorTest {

    @Test
    void namesNullFieldAndRequiredLogicalType() {
        GenericRecord record = TestRecords.deviation();
        record.put("ttDateTomorrow", null);

        assertThat(RecordValidator.firstViolation(record))
                .isEqualTo("field 'ttDateTomorrow' is null but the schema requires int (date)");
    }

    @Test
    void namesFieldWithWrongJavaTypeWithoutPrintingTheValue() {
        GenericRecord record = TestRecords.deviation();
        record.put("ttDateTomorrow", LocalDate.of(2026, 1, 2));

        assertThat(RecordValidator.firstViolation(record))
                .isEqualTo("field 'ttDateTomorrow' holds a LocalDate but the schema requires int (date)")
                .doesNotContain("2026");
    }

    @Test
    void namesEnumFieldWithUnknownSymbol() {
        GenericRecord record = TestRecords.deviation();
        record.put("status", new GenericData.EnumSymbol(record.getSchema().getField("status").schema(), "LOST"));

        assertThat(RecordValidator.firstViolation(record)).isEqualTo("field 'status' is not a symbol of enum io.wlabridge.test.Status");
    }

    @Test
    void descendsIntoNestedOptionalRecords() {
        Schema outer = TestSchemas.parse("""
                {"type": "record", "name": "Outer", "fields": [
                  {"name": "inner", "type": ["null", {"type": "record", "name": "Inner", "fields": [
                    {"name": "amount", "type": "double"}]}]}]}""");
        GenericRecord inner = new GenericData.Record(outer.getField("inner").schema().getTypes().get(1));
        GenericRecord record = new GenericData.Record(outer);
        record.put("inner", inner);

        assertThat(RecordValidator.firstViolation(record)).isEqualTo("field 'inner.amount' is null but the schema requires double");
    }
}
