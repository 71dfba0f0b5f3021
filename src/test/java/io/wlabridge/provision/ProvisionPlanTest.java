package io.wlabridge.provision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.junit.jupiter.api.Test;

import io.wlabridge.job.TopicSpec;

/** The diff of declared against actual topics and subjects, without any network. */
class ProvisionPlanTest {

    private static final Schema SCHEMA = SchemaBuilder.record("Event").fields().requiredString("id").endRecord();
    private static final TopicSpec SPEC = new TopicSpec(3, (short) 1, 604800000L, "delete", 1, "BACKWARD");
    private static final Declared DECLARED = new Declared("orders-daily", "orders", SPEC, "orders-value", SCHEMA);
    private static final Actual.Subject IN_PLACE = new Actual.Subject(true, true, true, List.of(), Optional.of("BACKWARD"));

    @Test
    void missingTopicAndNewSubjectAreCreatedRegisteredAndGivenTheirLevel() {
        ProvisionPlan plan = plan(null, new Actual.Subject(false, false, true, List.of(), Optional.empty()));

        assertThat(plan.feasible()).isTrue();
        assertThat(plan.changes()).extracting(Change::printed).containsExactly(
                "CHANGE topic orders (job orders-daily): missing - will create with 3 partitions, replication factor 1,"
                        + " configs {cleanup.policy=delete, min.insync.replicas=1, retention.ms=604800000}",
                "CHANGE subject orders-value (job orders-daily): compatibility not set (global level) -> BACKWARD - will set",
                "CHANGE subject orders-value (job orders-daily): schema Event not registered - will register");
    }

    @Test
    void topicAsDeclaredAndSchemaRegisteredNeedNothing() {
        assertThat(plan(topic(3, 1, "604800000"), IN_PLACE).changes()).isEmpty();
    }

    @Test
    void lowerPartitionCountIsIncreasedAndConfigDriftNamesTheKey() {
        assertThat(plan(topic(2, 1, "86400000"), IN_PLACE).changes()).extracting(Change::printed).containsExactly(
                "CHANGE topic orders (job orders-daily): partition count lower: 2 -> 3 - will increase",
                "CHANGE topic orders (job orders-daily): config drift retention.ms: 86400000 -> 604800000 - will alter");
    }

    @Test
    void morePartitionsThanDeclaredIsRefused() {
        ProvisionPlan plan = plan(topic(5, 1, "604800000"), IN_PLACE);

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.changes()).singleElement().extracting(Change::printed).asString()
                .startsWith("CANNOT topic orders (job orders-daily): has 5 partitions, declared 3 - Kafka cannot lower");
    }

    @Test
    void incompatibleSchemaCannotBeRegisteredAndSaysWhy() {
        ProvisionPlan plan = plan(topic(3, 1, "604800000"), new Actual.Subject(false, true, false,
                List.of("READER_FIELD_MISSING_DEFAULT_VALUE: id"), Optional.of("BACKWARD")));

        assertThat(plan.feasible()).isFalse();
        assertThat(plan.changes()).singleElement().extracting(Change::printed).asString()
                .contains("schema Event is incompatible").endsWith("READER_FIELD_MISSING_DEFAULT_VALUE: id");
    }

    @Test
    void differentSubjectLevelIsSet() {
        assertThat(plan(topic(3, 1, "604800000"), new Actual.Subject(true, true, true, List.of(), Optional.of("NONE")))
                .changes()).extracting(Change::printed).containsExactly(
                "CHANGE subject orders-value (job orders-daily): compatibility NONE -> BACKWARD - will set");
    }

    private static Actual.Topic topic(int partitions, int replication, String retention) {
        return new Actual.Topic(partitions, replication, Map.of("cleanup.policy", "delete", "min.insync.replicas", "1",
                "retention.ms", retention, "segment.bytes", "1073741824"));
    }

    private static ProvisionPlan plan(Actual.Topic topic, Actual.Subject subject) {
        return ProvisionPlan.of(Map.of(DECLARED, new Actual(topic, subject)));
    }
}
