package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.Resource;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.Test;

import io.wlabridge.automic.TriggerCatalog;
import io.wlabridge.config.WlaOptions;

/**
 * Validates routes/ in the build: every job file loads with Camel's own YAML loader against its route template
 * (scheduled jobs: wla-job; trigger jobs: wla-automic-trigger) and passes the job checks (cron, time zone, schema
 * file, topic, rule, filter, inputs). Broken YAML fails `mvn verify`.
 */
class JobFilesTest {

    @Test
    void everyJobFileLoadsAndPassesTheJobChecks() throws Exception {
        List<Path> jobFiles;
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            jobFiles = files.filter(f -> f.toString().endsWith(".camel.yaml")).sorted().toList();
        }
        assertThat(jobFiles).isNotEmpty();

        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setInitialProperties(WlaOptions.defaults());
            context.getPropertiesComponent().setLocation("file:application.properties");
            List<Resource> resources = new ArrayList<>();
            resources.add(ResourceHelper.resolveResource(context, "classpath:camel/job-template.camel.yaml"));
            resources.add(ResourceHelper.resolveResource(context, "classpath:camel/job-errors.camel.yaml"));
            resources.add(ResourceHelper.resolveResource(context, "classpath:camel/automic-trigger-template.camel.yaml"));
            for (Path file : jobFiles) {
                resources.add(ResourceHelper.resolveResource(context, "file:" + file));
            }
            RoutesLoader loader = PluginHelper.getRoutesLoader(context);
            loader.loadRoutes(resources);

            JobCatalog catalog = JobCatalog.load(context, Path.of("schemas"));

            List<String> loaded = new ArrayList<>(catalog.jobs().stream().map(JobDefinition::jobId).toList());
            TriggerCatalog triggers = TriggerCatalog.load(context, catalog);
            triggers.triggers().forEach(trigger -> loaded.add(trigger.jobId()));
            assertThat(loaded).containsExactlyInAnyOrderElementsOf(jobFiles.stream().map(JobFilesTest::jobId).toList());
            assertThat(triggers.triggers()).extracting(t -> t.jobId()).contains("deviation-to-automic");
        }
    }

    @Test
    void everySqlFileBesideAJobBelongsToOne() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("routes"))) {
            files.filter(f -> f.toString().endsWith(".sql")).forEach(sql -> assertThat(
                    Path.of(sql.toString().replace(".sql", ".camel.yaml"))).as("job file of " + sql).exists());
        }
    }

    private static String jobId(Path file) {
        return file.getFileName().toString().replace(".camel.yaml", "");
    }
}
