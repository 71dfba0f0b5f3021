package io.wlabridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * Settings have one source, their declarations in {@link WlaOptions}: docs/configuration.md's property table is
 * generated from them, and application.properties is a commented sample of the same keys and defaults.
 */
class ConfigReferenceTest {

    private static final Path REFERENCE = Path.of("docs", "configuration.md");
    private static final String REGENERATE = "mvn -o test -Dtest=ConfigReferenceTest -Dwla.docs.write=true";
    static final String BEGIN = "<!-- generated from io.wlabridge.config.WlaOptions by ConfigReferenceTest; after a change run: "
            + REGENERATE + " -->";
    static final String END = "<!-- end of generated table -->";

    @Test
    void referenceTableIsGeneratedFromTheDeclarations() throws IOException {
        String doc = Files.readString(REFERENCE);
        int begin = doc.indexOf(BEGIN);
        int end = doc.indexOf(END);
        assertThat(begin).as(REFERENCE + " holds the generated table between its markers").isNotNegative();
        assertThat(end).isGreaterThan(begin);
        String generated = doc.substring(0, begin + BEGIN.length()) + "\n" + table() + doc.substring(end);
        if (Boolean.getBoolean("wla.docs.write")) {
            Files.writeString(REFERENCE, generated);
        }
        assertThat(doc).as(REFERENCE + " is stale: run " + REGENERATE).isEqualTo(generated);
    }

    static String table() {
        StringBuilder table = new StringBuilder("| property | default | meaning |\n| --- | --- | --- |\n");
        List<ConfigOption> documented = new java.util.ArrayList<>(WlaOptions.ALL);
        // the source family once, as patterns: wla.source.<name>.url and so on (no defaults in WlaOptions.defaults())
        documented.addAll(documented.indexOf(WlaOptions.DRIVERS_DIR) + 1, WlaOptions.SOURCE_FAMILY);
        for (ConfigOption option : documented) {
            String shown = option.defaultValue() == null ? "(required)"
                    : option.defaultValue().isEmpty() ? "(empty)" : option.defaultValue();
            table.append("| `").append(option.name()).append("` | ").append(shown).append(" | ")
                    .append(option.doc()).append(option.secret() ? " (secret)" : "").append(" |\n");
        }
        return table.toString();
    }

    @Test
    void applicationPropertiesSetsTheRequiredKeysAndShowsEveryOtherDefaultCommentedOut() throws IOException {
        List<String> lines = Files.readAllLines(Path.of("application.properties"));
        for (ConfigOption option : WlaOptions.ALL) {
            Pattern line = Pattern.compile("^(#\\s*)?" + Pattern.quote(option.name()) + "\\s*=\\s*(.*)$");
            List<Matcher> found = lines.stream().map(line::matcher).filter(Matcher::matches).toList();
            assertThat(found).as(option.name() + " appears once in application.properties").hasSize(1);
            Matcher m = found.get(0);
            boolean commented = m.group(1) != null;
            String value = m.group(2).trim();
            if (option.defaultValue() == null) {
                assertThat(commented).as(option.name() + " is required: the sample sets it").isFalse();
            } else if (commented) {
                assertThat(value).as(option.name() + " shows its declared default").isEqualTo(option.defaultValue());
            } else {
                // set only where the sample needs another value than the default (the H2 user beside the URL)
                assertThat(value).as(option.name() + " is set to its default: comment it out").isNotEqualTo(option.defaultValue());
            }
            if (option.secret()) {
                assertThat(value).as(option.name() + " must not hold a secret").isEmpty();
            }
        }
    }
}
