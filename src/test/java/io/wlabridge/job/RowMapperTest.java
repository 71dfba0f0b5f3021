package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class RowMapperTest {

    private static final Schema SCHEMA = new Schema.Parser().parse("""
            {"type":"record","name":"E","fields":[
              {"name":"systemId","type":"string"},
              {"name":"ttDateToday","type":{"type":"int","logicalType":"date"}},
              {"name":"note","type":["null","string"],"default":null},
              {"name":"count","type":"long","default":0}]}""");

    private final RowMapper mapper = new RowMapper(SCHEMA);

    @Test
    void columnsMatchFieldsWithoutCaseAndUnderscores() {
        Map<String, Object> fields = mapper.toFields(row("SYSTEM_ID", "A", "tt_date_today", "2026-12-23"));

        assertThat(fields).containsEntry("systemId", "A").containsEntry("ttDateToday", LocalDate.of(2026, 12, 23));
    }

    @Test
    void datesComeFromSqlDatesIsoTextAndGermanText() {
        assertThat(mapper.toFields(row("system_id", "A", "tt_date_today", Date.valueOf("2026-12-23"))).get("ttDateToday"))
                .isEqualTo(LocalDate.of(2026, 12, 23));
        assertThat(mapper.toFields(row("system_id", "A", "tt_date_today", "23.12.2026")).get("ttDateToday"))
                .isEqualTo(LocalDate.of(2026, 12, 23));
    }

    @Test
    void impossibleDateIsRejectedNamingFieldColumnAndValue() {
        assertThatThrownBy(() -> mapper.toFields(row("system_id", "A", "tt_date_today", "31.02.2027")))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessage("field 'ttDateToday' (column tt_date_today) '31.02.2027' is not a date (yyyy-MM-dd or dd.MM.yyyy)");
    }

    @Test
    void nullInRequiredFieldIsRejected() {
        assertThatThrownBy(() -> mapper.toFields(row("system_id", null, "tt_date_today", "2026-12-23")))
                .isInstanceOf(RecordRejectedException.class)
                .hasMessageContaining("field 'systemId' (column system_id) is NULL");
    }

    @Test
    void nullInOptionalFieldAndMissingColumnWithDefaultAreAccepted() {
        Map<String, Object> fields = mapper.toFields(row("system_id", "A", "tt_date_today", "2026-12-23", "note", null));
        GenericRecord record = mapper.toRecord(fields);

        assertThat(record.get("note")).isNull();
        assertThat(record.get("count")).isEqualTo(0L);
        assertThat(record.get("ttDateToday")).isEqualTo((int) LocalDate.of(2026, 12, 23).toEpochDay());
    }

    @Test
    void missingColumnWithoutDefaultIsAJobConfigurationError() {
        assertThatThrownBy(() -> mapper.toFields(row("system_id", "A")))
                .isInstanceOf(JobConfigurationException.class)
                .hasMessageContaining("no column for field 'ttDateToday'");
    }

    @Test
    void eventIdJoinsIdColumnsWhateverTheirCase() {
        assertThat(RowMapper.eventId(row("SYSTEM_ID", "A", "VALID_ON", Date.valueOf("2026-11-23")), List.of("system_id", "valid_on")))
                .isEqualTo("A|2026-11-23");
    }

    private static Map<String, Object> row(Object... keyValues) {
        Map<String, Object> row = new HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            row.put((String) keyValues[i], keyValues[i + 1]);
        }
        return row;
    }
}
