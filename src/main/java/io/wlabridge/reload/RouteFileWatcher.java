package io.wlabridge.reload;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;

/**
 * Watches the job folders and the schemas folder of the running service and hands each changed job to the
 * {@link JobReloader} once its files have been quiet for the debounce time: a job file ({@code <job-id>.camel.yaml}),
 * the SQL beside it ({@code <job-id>.sql}), or a schema ({@code <RecordName>.avsc}) jobs name. A java.nio WatchService
 * rather than Camel's FileWatcherResourceReloadStrategy: that one reloads into the live context, with no check first.
 */
public final class RouteFileWatcher implements AutoCloseable {

    /** A folder of job files and the pattern of their names, from one {@code file:} entry of the routes include pattern. */
    public record JobFolder(Path dir, String glob) {
        boolean holdsJob(Path file) {
            return FileSystems.getDefault().getPathMatcher("glob:" + glob).matches(file.getFileName())
                    && file.getFileName().toString().endsWith(".camel.yaml");
        }
    }

    private static final Logger LOG = LoggerFactory.getLogger(RouteFileWatcher.class);
    private static final PathMatcher SQL = FileSystems.getDefault().getPathMatcher("glob:*.sql");
    private static final PathMatcher SCHEMA = FileSystems.getDefault().getPathMatcher("glob:*.avsc");

    private final List<JobFolder> folders;
    private final Path schemasDir;
    private final JobCatalog catalog;
    private final JobReloader reloader;
    private final long debounceNanos;
    private final Map<WatchKey, Path> keys = new HashMap<>();
    /** Changed files and when they last changed (System.nanoTime). */
    private final Map<Path, Long> pending = new LinkedHashMap<>();
    private WatchService watch;
    private Thread thread;

    public RouteFileWatcher(List<JobFolder> folders, Path schemasDir, JobCatalog catalog, JobReloader reloader,
            long debounceMs) {
        this.folders = folders;
        this.schemasDir = schemasDir;
        this.catalog = catalog;
        this.reloader = reloader;
        this.debounceNanos = TimeUnit.MILLISECONDS.toNanos(debounceMs);
    }

    /** Remembers the files as loaded at startup and starts watching. */
    public void start() throws IOException {
        watch = FileSystems.getDefault().newWatchService();
        List<Path> dirs = new ArrayList<>();
        for (JobFolder folder : folders) {
            dirs.add(folder.dir());
            for (JobDefinition job : catalog.jobs()) {
                Path jobFile = folder.dir().resolve(job.jobId() + ".camel.yaml");
                if (Files.isRegularFile(jobFile)) {
                    reloader.loaded(jobFile, jobFile);
                    reloader.loaded(jobFile, sqlOf(jobFile));
                    reloader.loaded(jobFile, schemasDir.resolve(job.schema().getName() + ".avsc"));
                }
            }
        }
        dirs.add(schemasDir);
        for (Path dir : dirs) {
            if (Files.isDirectory(dir) && !keys.containsValue(dir)) {
                keys.put(dir.register(watch, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE), dir);
            }
        }
        thread = new Thread(this::watch, "wla-route-watcher");
        thread.setDaemon(true);
        thread.start();
        LOG.info("reloading jobs edited in {} and schemas in {}", dirs.subList(0, dirs.size() - 1), schemasDir);
    }

    private void watch() {
        try {
            while (true) {
                WatchKey key = pending.isEmpty() ? watch.take() : watch.poll(untilDue(), TimeUnit.NANOSECONDS);
                if (key != null) {
                    collect(key);
                }
                dispatchDue();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // the service stops
        } catch (RuntimeException e) {
            LOG.error("job file watcher stopped: {}; jobs are no longer reloaded until the service restarts", e.toString(), e);
        }
    }

    private void collect(WatchKey key) {
        Path dir = keys.get(key);
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.kind() == OVERFLOW) {
                LOG.warn("too many changes in {} at once; save the job files again to reload them", dir);
            } else if (dir != null) {
                pending.put(dir.resolve((Path) event.context()), System.nanoTime());
            }
        }
        key.reset();
    }

    private long untilDue() {
        long oldest = pending.values().stream().min(Long::compare).orElse(System.nanoTime());
        return Math.max(1, oldest + debounceNanos - System.nanoTime());
    }

    private void dispatchDue() {
        long now = System.nanoTime();
        Map<Path, Long> retry = new LinkedHashMap<>();
        for (Iterator<Map.Entry<Path, Long>> it = pending.entrySet().iterator(); it.hasNext();) {
            Map.Entry<Path, Long> change = it.next();
            if (now - change.getValue() < debounceNanos) {
                continue;
            }
            it.remove();
            try {
                if (dispatch(change.getKey())) {
                    retry.put(change.getKey(), now);
                }
            } catch (RuntimeException e) {
                LOG.error("{}: reload failed: {}", change.getKey(), e.getMessage(), e);
            }
        }
        pending.putAll(retry);
    }

    /** Reloads the job(s) the changed file belongs to; true when one must be tried again (a run was in progress). */
    private boolean dispatch(Path changed) {
        Path name = changed.getFileName();
        boolean again = false;
        for (JobFolder folder : folders) {
            if (!changed.getParent().equals(folder.dir())) {
                continue;
            }
            if (folder.holdsJob(changed)) {
                again |= reloader.reload(changed, changed) == JobReloader.Result.RUN_IN_PROGRESS;
            } else if (SQL.matches(name)) {
                Path jobFile = folder.dir().resolve(name.toString().replaceFirst("\\.sql$", ".camel.yaml"));
                if (Files.isRegularFile(jobFile)) {
                    again |= reloader.reload(jobFile, changed) == JobReloader.Result.RUN_IN_PROGRESS;
                }
            }
        }
        if (changed.getParent().equals(schemasDir) && SCHEMA.matches(name)) {
            String record = name.toString().replaceFirst("\\.avsc$", "");
            for (JobDefinition job : catalog.jobs()) {
                if (!job.schema().getName().equals(record)) {
                    continue;
                }
                for (JobFolder folder : folders) {
                    Path jobFile = folder.dir().resolve(job.jobId() + ".camel.yaml");
                    if (Files.isRegularFile(jobFile)) {
                        again |= reloader.reload(jobFile, changed) == JobReloader.Result.RUN_IN_PROGRESS;
                    }
                }
            }
        }
        return again;
    }

    private static Path sqlOf(Path jobFile) {
        return jobFile.resolveSibling(jobFile.getFileName().toString().replaceFirst("\\.camel\\.yaml$", ".sql"));
    }

    @Override
    public void close() {
        try {
            if (watch != null) {
                watch.close();
            }
        } catch (IOException e) {
            LOG.warn("cannot close the job file watcher: {}", e.getMessage());
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
