package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.apache.avro.Schema;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;

/** The fields a rule reads, found by Camel's simple parser, checked against the job's record. */
class RuleFieldsTest {

    private static final DefaultCamelContext CONTEXT = new DefaultCamelContext();
    private static final Schema SCHEMA = SchemaFiles.load(Path.of("schemas"), "TimeTravelDeviation");

    @BeforeAll
    static void build() {
        CONTEXT.build();
    }

    @AfterAll
    static void close() throws Exception {
        CONTEXT.close();
    }

    @Test
    void findsEveryFieldTheRuleReadsWhereverItStands() {
        assertThat(RuleFields.read(CONTEXT, "${body[ttDateTomorrow]} != ${body[ttDateToday].plusDays(1)}"))
                .containsExactly("ttDateTomorrow", "ttDateToday");
        assertThat(RuleFields.read(CONTEXT, "${body[a]} == 'x' && ${body[b]} > 3 || ${body['c']} contains \"q${body[d]}\""
                + " || ${body[e]} == 'p${body[f]}' || ${body?[g]} != ${exchangeProperty.wlaRunDate}"))
                .containsExactlyInAnyOrder("a", "b", "c", "d", "e", "f", "g");
        assertThat(RuleFields.read(CONTEXT, "${body[g]} == ${body[h]} ? ${body[i]} : false"))
                .containsExactlyInAnyOrder("g", "h", "i");
        assertThat(RuleFields.read(CONTEXT, "true")).isEmpty();
    }

    @Test
    void misspeltFieldIsRejectedWithTheClosestMatchAndTheKnownFields() {
        assertThatThrownBy(() -> RuleFields.check(CONTEXT, "${body[ttDateTommorow]} != ${body[ttDateToday].plusDays(1)}", SCHEMA))
                .isInstanceOf(ConfigException.class)
                .hasMessage("parameter 'rule' reads field 'ttDateTommorow', which schema TimeTravelDeviation does not have"
                        + " (did you mean ttDateTomorrow?); its fields are [systemId, environment, validOn, ttDateToday, ttDateTomorrow]");
    }

    @Test
    void aNameFarFromEveryFieldGetsNoSuggestion() {
        assertThatThrownBy(() -> RuleFields.check(CONTEXT, "${body[amount]} > 1000", SCHEMA))
                .hasMessageNotContaining("did you mean").hasMessageContaining("reads field 'amount'");
    }

    @Test
    void fieldInsideQuotedTextIsCheckedToo() {
        assertThatThrownBy(() -> RuleFields.check(CONTEXT, "${body[systemId]} == \"CLAIMS-${body[enviroment]}\"", SCHEMA))
                .hasMessageContaining("'enviroment'").hasMessageContaining("did you mean environment?");
    }

    @Test
    void fieldNamedByAnExpressionIsRejected() {
        assertThatThrownBy(() -> RuleFields.check(CONTEXT, "${body[${header.which}]} == 'x'", SCHEMA))
                .hasMessageContaining("names a field by an expression");
    }

    @Test
    void theShippedRuleAndRulesWithoutFieldsPass() {
        assertThatCode(() -> RuleFields.check(CONTEXT, "${body[ttDateTomorrow]} != ${body[ttDateToday].plusDays(1)}", SCHEMA))
                .doesNotThrowAnyException();
        assertThatCode(() -> RuleFields.check(CONTEXT, "true", SCHEMA)).doesNotThrowAnyException();
        assertThatCode(() -> RuleFields.check(CONTEXT, "${body[validOn]} == ${exchangeProperty.wlaRunDate}", SCHEMA))
                .doesNotThrowAnyException();
    }
}
