package io.wlabridge.reload;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.apache.camel.model.Model;
import org.apache.camel.model.RouteDefinition;
import org.apache.camel.spi.RoutesLoader;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.config.ConfigException;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;

/**
 * Replaces a running job with the new version of its file, guarded: the file is checked first ({@link JobFileCheck});
 * only a valid version stops and removes the job's route and adds the new one, and if that fails the previous route
 * is put back. An invalid version is rejected with one line naming the file, the job and what is wrong, and the
 * previous version keeps running and firing. Every reload and rejection is recorded ({@link RouteReloads}).
 */
public final class JobReloader {

    /** What became of a change. */
    public enum Result { ACCEPTED, REJECTED, UNCHANGED, RUN_IN_PROGRESS }

    /** Called after a job was replaced, with the catalog of the new version (deadline watch, MBean). */
    public interface AfterSwap {
        void swapped(JobDefinition previous, JobCatalog reloaded) throws Exception;
    }

    private static final Logger LOG = LoggerFactory.getLogger(JobReloader.class);

    private final CamelContext context;
    private final JobCatalog catalog;
    private final Predicate<String> fixed;
    private final JobFileCheck check;
    private final RouteReloads reloads;
    private final AfterSwap afterSwap;
    /** SHA-256 of each watched file as last seen, so a save that changes nothing (editors often write twice) is no reload. */
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final Set<String> waiting = ConcurrentHashMap.newKeySet();

    /** @param fixed says which jobs are never reloaded (trigger jobs): their edits are rejected with a reason */
    public JobReloader(CamelContext context, JobCatalog catalog, Predicate<String> fixed, JobFileCheck check,
            RouteReloads reloads, AfterSwap afterSwap) {
        this.context = context;
        this.catalog = catalog;
        this.fixed = fixed;
        this.check = check;
        this.reloads = reloads;
        this.afterSwap = afterSwap;
    }

    /** Remembers a file of a job (the job file, its SQL, its schema) as the service loaded it at startup. */
    public void loaded(Path jobFile, Path file) {
        String checksum = checksum(file);
        if (checksum != null) {
            seen.put(key(jobFile, file), checksum);
        }
    }

    private static String key(Path jobFile, Path changed) {
        return jobFile + "|" + changed;
    }

    /**
     * Reloads the job of {@code jobFile} because {@code changed} changed (the job file itself, the SQL beside it or a
     * schema it names).
     */
    public synchronized Result reload(Path jobFile, Path changed) {
        String jobId = jobId(jobFile);
        String checksum = checksum(changed);
        String file = changed.toString();
        String key = key(jobFile, changed);
        if (checksum == null || !Files.isRegularFile(jobFile)) {
            if (seen.remove(key) == null) {
                return Result.UNCHANGED;
            }
            String reason = "file removed: job " + jobId + " keeps running as it was; restart the service to drop it";
            LOG.warn("{}: {}", file, reason);
            reloads.record(file, null, jobId, RouteReloads.REJECTED, reason);
            catalog.fileRejected(jobId, reason);
            return Result.REJECTED;
        }
        if (checksum.equals(seen.get(key))) {
            return Result.UNCHANGED;
        }
        if (context.getInflightRepository().size(jobId) > 0) {
            // stopping the route now would make the running run wait for the shutdown timeout or be cut off
            if (waiting.add(key)) {
                LOG.info("{}: job {} is running; its reload waits for the run to end", file, jobId);
            }
            return Result.RUN_IN_PROGRESS;
        }
        waiting.remove(key);
        seen.put(key, checksum);
        if (fixed.test(jobId)) {
            String reason = "trigger jobs (template wla-automic-trigger) are not reloaded: it keeps running as it was;"
                    + " restart the service to apply the edit";
            LOG.warn("{}: job {}: {}", file, jobId, reason);
            reloads.record(file, checksum, jobId, RouteReloads.REJECTED, reason);
            return Result.REJECTED;
        }
        String location = "file:" + jobFile;
        JobCatalog reloaded;
        String content;
        try {
            content = Files.readString(jobFile, StandardCharsets.UTF_8);
            reloaded = check.check(location, content, jobId);
        } catch (IOException | RuntimeException e) {
            String reason = e instanceof ConfigException ? e.getMessage() : JobFileCheck.message(e);
            LOG.error("{}: job {}: edit rejected, the previous version keeps running: {}", file, jobId, reason);
            reloads.record(file, checksum, jobId, RouteReloads.REJECTED, reason);
            catalog.fileRejected(jobId, reason);
            return Result.REJECTED;
        }
        JobDefinition previous = catalog.jobs().stream().filter(j -> j.jobId().equals(jobId)).findFirst().orElse(null);
        try {
            swap(jobId, location, content);
            catalog.put(reloaded);
            afterSwap.swapped(previous, reloaded);
        } catch (Exception e) {
            String reason = "the new version could not be started, the previous one runs again: " + JobFileCheck.message(e);
            LOG.error("{}: job {}: {}", file, jobId, reason);
            reloads.record(file, checksum, jobId, RouteReloads.REJECTED, reason);
            catalog.fileRejected(jobId, reason);
            return Result.REJECTED;
        }
        LOG.info("{}: job {} reloaded (sha-256 {})", file, jobId, checksum);
        reloads.record(file, checksum, jobId, RouteReloads.ACCEPTED, null);
        return Result.ACCEPTED;
    }

    /** Stops and removes the job's route and adds the new version; on failure puts the previous route back. */
    private void swap(String jobId, String location, String content) throws Exception {
        Model model = context.getCamelContextExtension().getContextPlugin(Model.class);
        RouteDefinition previous = model.getRouteDefinition(jobId);
        if (previous != null) {
            remove(model, jobId);
        }
        RoutesLoader loader = PluginHelper.getRoutesLoader(context);
        try {
            loader.loadRoutes(ResourceHelper.fromString(location, content));
            ServiceStatus status = context.getRouteController().getRouteStatus(jobId);
            if (status == null || !status.isStarted()) {
                throw new IllegalStateException("route " + jobId + " did not start (" + status + ")");
            }
        } catch (Exception e) {
            if (model.getRouteDefinition(jobId) != null) {
                remove(model, jobId);
            }
            if (previous != null) {
                model.addRouteDefinition(previous);
            }
            throw e;
        }
    }

    private void remove(Model model, String jobId) throws Exception {
        context.getRouteController().stopRoute(jobId);
        context.removeRoute(jobId);
        RouteDefinition definition = model.getRouteDefinition(jobId);
        if (definition != null) {
            model.removeRouteDefinition(definition);
        }
    }

    public static String jobId(Path jobFile) {
        return jobFile.getFileName().toString().replace(".camel.yaml", "");
    }

    /** SHA-256 of the file in hex, or null when it is gone. */
    static String checksum(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            return null;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }
}
