package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;

/** A job's topic parameters: defaults when absent, one line naming the parameter when wrong. */
class TopicSpecsTest {

    private static final String WHERE = "routes/orders-daily.camel.yaml: job orders-daily: ";

    @Test
    void absentParametersTakeTheDefaults() {
        assertThat(read(Map.of())).isEqualTo(new TopicSpec(3, (short) 3, 604800000L, "delete", 2, "BACKWARD"));
    }

    @Test
    void declaredValuesAreRead() {
        assertThat(read(Map.of("partitions", "12", "replicationFactor", "1", "minInsyncReplicas", "1",
                "cleanupPolicy", "compact", "retentionMs", "-1", "compatibility", "full_transitive")))
                .isEqualTo(new TopicSpec(12, (short) 1, -1L, "compact", 1, "FULL_TRANSITIVE"));
    }

    @Test
    void badValuesStopStartupNamingTheParameter() {
        assertThatThrownBy(() -> read(Map.of("partitions", "0"))).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(WHERE + "parameter 'partitions' '0' is not a whole number");
        assertThatThrownBy(() -> read(Map.of("retentionMs", "7d")))
                .hasMessageStartingWith(WHERE + "parameter 'retentionMs' '7d'");
        assertThatThrownBy(() -> read(Map.of("cleanupPolicy", "forever")))
                .hasMessageStartingWith(WHERE + "parameter 'cleanupPolicy' 'forever'");
        assertThatThrownBy(() -> read(Map.of("compatibility", "LOOSE")))
                .hasMessageStartingWith(WHERE + "parameter 'compatibility' 'LOOSE'");
        assertThatThrownBy(() -> read(Map.of("replicationFactor", "1")))
                .hasMessageStartingWith(WHERE + "parameter 'minInsyncReplicas' 2 is larger than parameter 'replicationFactor' 1");
    }

    private static TopicSpec read(Map<String, String> given) {
        return TopicSpecs.read(new HashMap<>(given), WHERE, value -> value);
    }
}
