package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Which rules may have their verdict remembered per distinct field values: those that read only fields and the run date. */
class RecordBuilderTest {

    @Test
    void theTimeTravelRuleReadsTwoFields() {
        assertThat(RecordBuilder.fieldsRead("${body[ttDateTomorrow]} != ${body[ttDateToday].plusDays(1)}"))
                .containsExactly("ttDateTomorrow", "ttDateToday");
    }

    @Test
    void theRunDateAndLiteralsKeepARuleAFunctionOfItsFields() {
        assertThat(RecordBuilder.fieldsRead("${body[validOn]} == ${exchangeProperty.wlaRunDate.minusDays(1)}"))
                .containsExactly("validOn");
        assertThat(RecordBuilder.fieldsRead("${body[systemId].toString().length()} > 3 && ${body[environment]} == 'ACC'"))
                .containsExactly("systemId", "environment");
        assertThat(RecordBuilder.fieldsRead("true")).isEmpty();
    }

    @Test
    void anythingElseIsEvaluatedForEveryRow() {
        assertThat(RecordBuilder.fieldsRead("${header.priority} > 3")).isNull();
        assertThat(RecordBuilder.fieldsRead("${date:now:yyyyMMdd} == '20261202'")).isNull();
        assertThat(RecordBuilder.fieldsRead("${body[a]} == ${bean:rules.limit}")).isNull();
        assertThat(RecordBuilder.fieldsRead("${body[a]?.plusDays(1)} != null")).isNull();
        assertThat(RecordBuilder.fieldsRead("${body[a].plusDays(${body[b]})} != null")).isNull();
    }
}
