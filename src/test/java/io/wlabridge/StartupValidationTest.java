package io.wlabridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.testing.StartupErrors;

/** Invalid configuration stops startup with one line that names the property. No network needed: it fails first. */
class StartupValidationTest {

    @Test
    void missingDatasourceUrlNamesTheProperty() {
        String error = StartupErrors.of(Map.of("wla.datasource.url", ""));

        assertThat(error).startsWith("wla.datasource.url is not set").contains("WLA_DATASOURCE_URL");
    }

    @Test
    void unknownSchemaFileNamesTheJobFileAndParameter(@TempDir Path emptySchemas) {
        String error = StartupErrors.of(Map.of("wla.job.schemas-dir", emptySchemas.toString()));

        assertThat(error).contains("routes/timetravel-daily.camel.yaml").contains("timetravel-daily")
                .contains("parameter 'schema'").contains("TimeTravelDeviation.avsc does not exist");
    }

    @Test
    void misspeltFieldInTheRuleStopsStartWithTheClosestField(@TempDir Path routes) throws Exception {
        String error = StartupErrors.of(Map.of("camel.main.routesIncludePattern",
                misspeltRule(routes) + "," + "classpath:camel/job-template.camel.yaml,classpath:camel/job-errors.camel.yaml"));

        assertThat(error).contains("timetravel-daily").contains("parameter 'rule' reads field 'ttDateTommorow'")
                .contains("did you mean ttDateTomorrow?").contains("[systemId, environment, validOn, ttDateToday, ttDateTomorrow]");
    }

    @Test
    void missingClosingQuoteNamesTheFileLineAndColumn(@TempDir Path routes) throws Exception {
        String job = java.nio.file.Files.readString(Path.of("routes/timetravel-daily.camel.yaml"));
        java.nio.file.Files.writeString(routes.resolve("timetravel-daily.camel.yaml"), job.replace("plusDays(1)}\"", "plusDays(1)}"));

        String error = StartupErrors.of(Map.of("camel.main.routesIncludePattern", "file:" + routes + "/*.camel.yaml,"
                + "classpath:camel/job-template.camel.yaml,classpath:camel/job-errors.camel.yaml"));

        assertThat(error).startsWith("file:" + routes.resolve("timetravel-daily.camel.yaml") + ": line 19, column 16:"
                + " the quoted value that starts here does not end on its line - add the missing closing quote");
    }

    /** The time-travel job with its rule's ttDateTomorrow misspelt, in {@code routes}: the routes include pattern of it. */
    static String misspeltRule(Path routes) throws java.io.IOException {
        String job = java.nio.file.Files.readString(Path.of("routes/timetravel-daily.camel.yaml"));
        String rule = "${body[ttDateTomorrow]} != ${body[ttDateToday].plusDays(1)}";
        assertThat(job).contains(rule);
        java.nio.file.Files.writeString(routes.resolve("timetravel-daily.camel.yaml"),
                job.replace(rule, rule.replace("ttDateTomorrow", "ttDateTommorow")));
        return "file:" + routes + "/*.camel.yaml";
    }

    @Test
    void malformedCronNamesTheParameter() {
        String error = StartupErrors.of(Map.of("wla.timetravel.cron", "0 61 5 * * ?"));

        assertThat(error).contains("timetravel-daily").contains("parameter 'cron' '0 61 5 * * ?' is not a Quartz cron expression");
    }

    @Test
    void malformedDeadlineNamesTheParameter() {
        String error = StartupErrors.of(Map.of("wla.timetravel.deadline", "07:00"));

        assertThat(error).contains("timetravel-daily").contains("parameter 'deadline' '07:00' is not a Quartz cron expression");
    }

    @Test
    void notANumberNamesThePropertyAndWhatItMustBe() {
        String error = StartupErrors.of(Map.of("wla.job.chunk-size", "lots"));

        assertThat(error).startsWith("wla.job.chunk-size is 'lots' but must be a whole number");
    }

    @Test
    void malformedRunDateNamesThePropertyAndTheFormat() {
        String error = StartupErrors.of(Map.of("wla.job.run-date", "24.11.2026"));

        assertThat(error).startsWith("wla.job.run-date is '24.11.2026' but must be a date yyyy-MM-dd");
    }
}
