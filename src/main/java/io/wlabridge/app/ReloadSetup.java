package io.wlabridge.app;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.reload.JobFileCheck;
import io.wlabridge.reload.JobReloader;
import io.wlabridge.reload.RouteFileWatcher;
import io.wlabridge.reload.RouteReloads;

/**
 * The service's guarded reload of edited job files (wla.reload.*): watches the folders of the {@code file:} entries
 * of the routes include pattern and the schemas folder once the service has fully started, and stops with it.
 */
public final class ReloadSetup {

    /** Registers the MBean of a reloaded job (a job added by a new file has none yet). */
    public interface JobRegistration {
        void register(JobCatalog reloaded) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(ReloadSetup.class);

    private ReloadSetup() {
    }

    /** @param fixed jobs that are never reloaded (trigger jobs) */
    public static void watch(BaseMainSupport main, Settings settings, JobCatalog catalog, Predicate<String> fixed,
            DataSource dataSource, JobRegistration mbeans) {
        if (!settings.getBoolean(WlaOptions.RELOAD_ENABLED)) {
            return;
        }
        CamelContext context = main.getCamelContext();
        Path schemas = Path.of(settings.get(WlaOptions.JOB_SCHEMAS_DIR));
        JobReloader reloader = new JobReloader(context, catalog, fixed, new JobFileCheck(context, schemas),
                new RouteReloads(dataSource), (previous, reloaded) -> {
                    deadlineWatch(context, previous, reloaded);
                    mbeans.register(reloaded);
                });
        RouteFileWatcher watcher = new RouteFileWatcher(folders(main.configure().getRoutesIncludePattern()), schemas,
                catalog, reloader, settings.getLong(WlaOptions.RELOAD_DEBOUNCE_MS));
        AfterStart.run(context, "watch the job files", watcher::start);
        try {
            context.addService(new ServiceSupport() {
                @Override
                protected void doStop() {
                    watcher.close();
                }
            }, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot watch the job files: " + e.getMessage(), e);
        }
    }

    /** The folders of the {@code file:} entries, e.g. file:routes/*.camel.yaml: folder routes, names *.camel.yaml. */
    static List<RouteFileWatcher.JobFolder> folders(String includePattern) {
        List<RouteFileWatcher.JobFolder> folders = new ArrayList<>();
        for (String entry : includePattern.split(",")) {
            String pattern = entry.trim();
            if (!pattern.startsWith("file:")) {
                continue;
            }
            Path path = Path.of(pattern.substring("file:".length()));
            Path dir = path.getParent() == null ? Path.of(".") : path.getParent();
            if (dir.toString().contains("*")) {
                LOG.warn("job files in {} are not reloaded: only a folder without wildcards can be watched", pattern);
                continue;
            }
            folders.add(new RouteFileWatcher.JobFolder(dir, path.getFileName().toString()));
        }
        return folders;
    }

    /** The job's deadline watch follows its deadline (route template wla-deadline-watch, OpsSetup). */
    private static void deadlineWatch(CamelContext context, JobDefinition previous, JobCatalog reloaded) throws Exception {
        JobDefinition job = reloaded.jobs().iterator().next();
        if (previous == null && job.deadline() == null) {
            return;
        }
        String routeId = job.jobId() + "-deadline";
        if (context.getRoute(routeId) != null) {
            context.getRouteController().stopRoute(routeId);
            context.removeRoute(routeId);
        }
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition definition = model.getRouteDefinition(routeId);
        if (definition != null) {
            model.removeRouteDefinition(definition);
        }
        OpsSetup.deadlineWatches(context, reloaded);
    }
}
