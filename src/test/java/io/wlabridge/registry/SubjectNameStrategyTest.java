package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SubjectNameStrategyTest {

    private static final Schema ORDER = TestSchemas.ORDER_V1;

    @Test
    void namesSubjectsAsInContractExampleForTopicOrdersAndRecordComAcmeOrder() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subjectFor("orders", false, ORDER)).isEqualTo("orders-value");
        assertThat(SubjectNameStrategy.RECORD_NAME.subjectFor("orders", false, ORDER)).isEqualTo("com.acme.Order");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subjectFor("orders", false, ORDER)).isEqualTo("orders-com.acme.Order");
    }

    @Test
    void keySubjectsDifferOnlyForTopicNameStrategy() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subjectFor("orders", true, ORDER)).isEqualTo("orders-key");
        assertThat(SubjectNameStrategy.RECORD_NAME.subjectFor("orders", true, ORDER)).isEqualTo("com.acme.Order");
        assertThat(SubjectNameStrategy.TOPIC_RECORD_NAME.subjectFor("orders", true, ORDER)).isEqualTo("orders-com.acme.Order");
    }

    @Test
    void topicNameStrategyAcceptsNonRecordSchemas() {
        assertThat(SubjectNameStrategy.TOPIC_NAME.subjectFor("ids", true, Schema.create(Schema.Type.LONG))).isEqualTo("ids-key");
    }

    @Test
    void recordStrategiesRejectNonRecordSchemas() {
        Schema string = Schema.create(Schema.Type.STRING);

        assertThatThrownBy(() -> SubjectNameStrategy.RECORD_NAME.subjectFor("orders", false, string))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("record schema")
                .hasMessageContaining("string");
        assertThatThrownBy(() -> SubjectNameStrategy.TOPIC_RECORD_NAME.subjectFor("orders", false, string))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @CsvSource({
        "TopicNameStrategy, TOPIC_NAME",
        "io.confluent.kafka.serializers.subject.RecordNameStrategy, RECORD_NAME",
        "topicrecordnamestrategy, TOPIC_RECORD_NAME",
        "topic_record_name, TOPIC_RECORD_NAME",
        "' RecordNameStrategy ', RECORD_NAME"
    })
    void parsesConfluentClassNamesAndEnumNames(String configured, SubjectNameStrategy expected) {
        assertThat(SubjectNameStrategy.parse(configured)).isEqualTo(expected);
    }

    @Test
    void rejectsUnknownStrategyNames() {
        assertThatThrownBy(() -> SubjectNameStrategy.parse("AssociatedNameStrategy"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("AssociatedNameStrategy")
                .hasMessageContaining("TopicNameStrategy");
    }
}
