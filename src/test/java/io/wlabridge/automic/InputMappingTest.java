package io.wlabridge.automic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class InputMappingTest {

    private static final Map<String, Object> EVENT = Map.of("systemId", "CLAIMS", "count", 42,
            "system", Map.of("id", "C1", "tags", List.of("a", "b")), "note", Map.of("k", "v"));

    @Test
    void fieldsJsonPathsAndConstantsBecomeStringInputs() {
        InputMapping mapping = InputMapping.parse("SYSTEM#=systemId, COUNT#=count, ID#=$.system.id, MODE#='FULL, NOW',"
                + " TAGS#=$.system.tags, NOTE#=note");

        assertThat(mapping.inputs(EVENT)).containsExactly(Map.entry("SYSTEM#", "CLAIMS"), Map.entry("COUNT#", "42"),
                Map.entry("ID#", "C1"), Map.entry("MODE#", "FULL, NOW"), Map.entry("TAGS#", List.of("a", "b")),
                Map.entry("NOTE#", "{\"k\":\"v\"}"));
    }

    @Test
    void missingSourcesAreLeftOutSoThePromptSetDefaultApplies() {
        assertThat(InputMapping.parse("A#=absent, B#=$.no.such.path").inputs(EVENT)).isEmpty();
    }

    @Test
    void emptySpecMeansNoInputs() {
        assertThat(InputMapping.parse("").isEmpty()).isTrue();
        assertThat(InputMapping.parse(" ").inputs(EVENT)).isEmpty();
    }

    @Test
    void entryWithoutSourceOrNameIsRefusedNamingIt() {
        assertThatThrownBy(() -> InputMapping.parse("A#=")).hasMessageContaining("input 'A#' has no source");
        assertThatThrownBy(() -> InputMapping.parse("justAField")).hasMessageContaining("'justAField' is not NAME#=source");
        assertThatThrownBy(() -> InputMapping.parse("A#=$..[")).hasMessageContaining("is not a JSONPath");
    }
}
