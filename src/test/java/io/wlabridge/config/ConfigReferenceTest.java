package io.wlabridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.Test;

/** The property reference in docs/configuration.md and application.properties say what the code declares. */
class ConfigReferenceTest {

    @Test
    void readmeListsEveryOptionWithItsDefaultAndDoc() throws IOException {
        String readme = Files.readString(Path.of("docs", "configuration.md"));
        for (ConfigOption option : WlaOptions.ALL) {
            String shownDefault = option.defaultValue() == null ? "(required)"
                    : option.defaultValue().isEmpty() ? "(empty)" : option.defaultValue();
            assertThat(readme).as(option.name() + " in docs/configuration.md")
                    .contains("| `" + option.name() + "` | " + shownDefault + " | " + option.doc() + " |");
        }
    }

    @Test
    void applicationPropertiesHasEveryOptionAndNoSecretValue() throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(Path.of("application.properties"))) {
            properties.load(reader);
        }
        for (ConfigOption option : WlaOptions.ALL) {
            assertThat(properties).as(option.name()).containsKey(option.name());
            if (option.secret()) {
                assertThat(properties.getProperty(option.name())).as(option.name() + " must not hold a secret").isEmpty();
            }
        }
    }
}
