package io.wlabridge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;

/** Invalid configuration stops startup with one line that names the property. No network needed: it fails first. */
class StartupValidationTest {

    private static final Map<String, String> VALID = Map.of(
            "wla.datasource.url", "jdbc:h2:mem:startup-validation",
            "wla.kafka.bootstrap-servers", "127.0.0.1:1",
            "wla.registry.url", "http://127.0.0.1:1");

    @Test
    void missingDatasourceUrlNamesTheProperty() {
        String error = startupError(Map.of("wla.datasource.url", ""));

        assertThat(error).startsWith("wla.datasource.url is not set").contains("WLA_DATASOURCE_URL");
    }

    @Test
    void unknownSchemaFileNamesTheJobFileAndParameter(@TempDir Path emptySchemas) {
        String error = startupError(Map.of("wla.job.schemas-dir", emptySchemas.toString()));

        assertThat(error).contains("routes/timetravel-daily.camel.yaml").contains("timetravel-daily")
                .contains("parameter 'schema'").contains("TimeTravelDeviation.avsc does not exist");
    }

    @Test
    void malformedCronNamesTheParameter() {
        String error = startupError(Map.of("wla.timetravel.cron", "0 61 5 * * ?"));

        assertThat(error).contains("timetravel-daily").contains("parameter 'cron' '0 61 5 * * ?' is not a Quartz cron expression");
    }

    @Test
    void malformedDeadlineNamesTheParameter() {
        String error = startupError(Map.of("wla.timetravel.deadline", "07:00"));

        assertThat(error).contains("timetravel-daily").contains("parameter 'deadline' '07:00' is not a Quartz cron expression");
    }

    @Test
    void notANumberNamesThePropertyAndWhatItMustBe() {
        String error = startupError(Map.of("wla.job.chunk-size", "lots"));

        assertThat(error).startsWith("wla.job.chunk-size is 'lots' but must be a whole number");
    }

    @Test
    void malformedRunDateNamesThePropertyAndTheFormat() {
        String error = startupError(Map.of("wla.job.run-date", "24.11.2026"));

        assertThat(error).startsWith("wla.job.run-date is '24.11.2026' but must be a date yyyy-MM-dd");
    }

    private static String startupError(Map<String, String> bad) {
        Map<String, String> settings = new java.util.HashMap<>(VALID);
        settings.putAll(bad);
        Throwable failure = catchThrowable(() -> {
            try (BridgeMain bridge = new BridgeMain(Options.parse("run").withOverrides(settings))) {
                bridge.start();
            }
        });
        assertThat(failure).as("startup must fail").isNotNull();
        String line = WlaBridge.describe(failure);
        assertThat(line).doesNotContain("\n");
        return line;
    }
}
