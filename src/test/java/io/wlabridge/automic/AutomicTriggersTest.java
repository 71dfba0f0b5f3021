package io.wlabridge.automic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.config.ConfigException;
import io.wlabridge.job.JobCatalog;

/** A trigger job's parameters are checked at startup; each mistake is one line naming the file and parameter. */
class AutomicTriggersTest {

    @TempDir
    Path dir;

    @Test
    void validTriggerIsInTheCatalogWithItsEndpointAndDeadLetterTopic() throws Exception {
        TriggerCatalog catalog = load("""
                      - name: filter
                        value: "${body[environment]} == 'ACC'"
                """);

        AutomicTrigger trigger = catalog.trigger("t-job");
        assertThat(trigger.executions()).hasToString("http://ae:8088/ae/api/v1/100/executions");
        assertThat(trigger.deadLetterTopic()).isEqualTo("events.automic.dlq");
        assertThat(trigger.deadLetterWhenUnavailable()).isFalse();
        assertThat(jobs.jobs()).as("a trigger job is no scheduled job").isEmpty();
    }

    @Test
    void badFilterLanguageInputsOrUnavailablePolicyNameTheParameter() throws Exception {
        assertThat(error("""
                      - name: filterLanguage
                        value: xpath
                """)).contains("t-job").contains("parameter 'filterLanguage' 'xpath' must be jsonpath or simple");
        assertThat(error("""
                      - name: filterLanguage
                        value: jsonpath
                      - name: filter
                        value: "$[?(@.a == "
                """)).contains("parameter 'filter' is not a valid jsonpath predicate");
        assertThat(error("""
                      - name: inputs
                        value: "A#="
                """)).contains("parameter 'inputs': input 'A#' has no source");
        assertThat(error("""
                      - name: whenUnavailable
                        value: drop
                """)).contains("parameter 'whenUnavailable' 'drop' must be wait or dead-letter");
        assertThat(error("""
                      - name: automicUrl
                        value: ftp://ae
                """)).contains("parameter 'automicUrl' 'ftp://ae' must be http(s)://host:port");
    }

    private String error(String extra) {
        Throwable thrown = catchThrowable(() -> load(extra));
        assertThat(thrown).isInstanceOf(ConfigException.class);
        return thrown.getMessage();
    }

    private JobCatalog jobs;

    private TriggerCatalog load(String extra) throws Exception {
        Path file = dir.resolve("t-job.camel.yaml");
        Files.writeString(file, """
                - templatedRoute:
                    routeTemplateRef: wla-automic-trigger
                    routeId: t-job
                    parameters:
                      - name: jobId
                        value: t-job
                      - name: topic
                        value: events
                      - name: groupId
                        value: g
                      - name: objectName
                        value: JOBS.X
                      - name: automicUrl
                        value: http://ae:8088
                      - name: client
                        value: "100"
                """ + extra);
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            PluginHelper.getRoutesLoader(context).loadRoutes(List.of(
                    ResourceHelper.resolveResource(context, "classpath:camel/automic-trigger-template.camel.yaml"),
                    ResourceHelper.resolveResource(context, "file:" + file)));
            jobs = JobCatalog.load(context, Path.of("schemas"));
            return TriggerCatalog.load(context, jobs);
        }
    }
}
