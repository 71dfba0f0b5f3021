package io.wlabridge.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Where a measured stretch spent its CPU: this JVM's threads, grouped by name, and the PostgreSQL server's processes
 * (from /proc on Linux). On a 2-core box the pipeline is CPU-bound, so these shares say what to make cheaper.
 */
final class CpuTime {

    static final long CLOCK_TICKS_PER_SECOND = 100;

    private final long startedNanos = System.nanoTime();
    private final Map<Long, Long> threadsAtStart = threadTimes();
    private final long postgresAtStart = postgresMillis();
    private final long brokerAtStart = brokerMillis();
    private final long processAtStart = processMillis();
    private final long gcAtStart = gcMillis();
    private final long jitAtStart = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

    /** Last CPU time seen per thread, and its name: threads that end during the stretch (the run's own) count too. */
    private final Map<Long, Long> lastSeen = new java.util.concurrent.ConcurrentHashMap<>();
    private final Map<Long, String> names = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile boolean sampling = true;

    /** The bench's broker when it runs in a JVM of its own (BenchBroker), whose CPU time is counted too. */
    private static volatile BenchBroker broker;

    static void alsoCount(BenchBroker brokerApart) {
        broker = brokerApart;
    }

    static CpuTime start() {
        CpuTime cpu = new CpuTime();
        Thread sampler = new Thread(() -> {
            while (cpu.sampling) {
                cpu.sample();
                java.util.concurrent.locks.LockSupport.parkNanos(100_000_000L);
            }
        }, "bench-cpu-sampler");
        sampler.setDaemon(true);
        sampler.start();
        return cpu;
    }

    private void sample() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        for (long id : ids) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                lastSeen.put(id, cpu);
            }
        }
        // names of new threads only: asking every thread's info every 100 ms cost the measured run CPU and JIT time
        long[] unnamed = java.util.Arrays.stream(ids).filter(id -> !names.containsKey(id)).toArray();
        if (unnamed.length > 0) {
            for (ThreadInfo info : threads.getThreadInfo(unnamed)) {
                if (info != null) {
                    names.putIfAbsent(info.getThreadId(), info.getThreadName());
                }
            }
        }
    }

    void print() {
        sampling = false;
        sample();
        long wall = (System.nanoTime() - startedNanos) / 1_000_000;
        Map<String, Long> byGroup = new TreeMap<>();
        long javaThreads = 0;
        for (Map.Entry<Long, Long> seen : lastSeen.entrySet()) {
            long used = (seen.getValue() - threadsAtStart.getOrDefault(seen.getKey(), 0L)) / 1_000_000;
            javaThreads += used;
            byGroup.merge(group(names.get(seen.getKey())), used, Long::sum);
        }
        long postgres = postgresMillis() - postgresAtStart;
        long process = processMillis() - processAtStart;
        long notJava = process - javaThreads;
        long gc = gcMillis() - gcAtStart;
        long jit = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - jitAtStart;
        System.out.printf("CPU over %,d ms wall: this JVM %,d ms (%.0f %% of one core), PostgreSQL %,d ms (%.0f %%)%s%n", wall,
                process, 100.0 * process / wall, postgres, 100.0 * postgres / wall, broker == null || broker.process().isEmpty() ? ""
                        : String.format(", the broker's JVM %,d ms (%.0f %%)", brokerMillis() - brokerAtStart,
                                100.0 * (brokerMillis() - brokerAtStart) / wall));
        // GC's and the JIT's figures are their threads' wall time (a compiler thread waiting for a core counts), so they
        // may add up to more than the CPU time that is not Java threads'
        System.out.printf("CPU   %-60s %,8d ms%n", "(not Java threads: GC, JIT compiler; threads shorter than 100 ms)", notJava);
        System.out.printf("CPU   %-60s %,8d ms%n", "  GC (collectors' time)", gc);
        System.out.printf("CPU   %-60s %,8d ms%n", "  JIT (compiler threads' time)", jit);
        byGroup.entrySet().stream().filter(e -> e.getValue() >= 50)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> System.out.printf("CPU   %-60s %,8d ms%n", e.getKey(), e.getValue()));
    }

    private static String group(String name) {
        if (name == null) {
            // a thread that ended between the sample of its CPU time and the question for its name
            return "(threads that ended before they were named)";
        }
        return name.replaceAll("\\d+", "N");
    }

    private static Map<Long, Long> threadTimes() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<Long, Long> times = new HashMap<>();
        for (long id : threads.getAllThreadIds()) {
            long cpu = threads.getThreadCpuTime(id);
            if (cpu >= 0) {
                times.put(id, cpu);
            }
        }
        return times;
    }

    private static long gcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(java.lang.management.GarbageCollectorMXBean::getCollectionTime).filter(t -> t > 0).sum();
    }

    private static long processMillis() {
        return processNanos() / 1_000_000;
    }

    /** This JVM's CPU time so far, all its threads, in ns. */
    private static long processNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time so far of this JVM and of the broker's when it runs in a JVM of its own ({@link #alsoCount}), in ns: what
     * a measured stretch's work cost in all, the broker's included wherever it runs.
     */
    static long jvmAndBrokerNanos() {
        return processNanos() + brokerMillis() * 1_000_000;
    }

    /** CPU time of the broker's JVM, in ms; 0 when it runs in this one or /proc is not there. */
    private static long brokerMillis() {
        return broker == null ? 0 : broker.cpuMillis();
    }

    /** utime + stime in clock ticks from a /proc/<pid>/stat line. */
    static long ticks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    /** utime + stime of every process named postgres, in ms; 0 where /proc is not there. */
    private static long postgresMillis() {
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : (Iterable<Path>) procs::iterator) {
                if (!proc.getFileName().toString().chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(proc.resolve("stat"));
                    int close = stat.lastIndexOf(')');
                    if (!stat.substring(stat.indexOf('(') + 1, close).startsWith("postgres")) {
                        continue;
                    }
                    ticks += ticks(stat);
                } catch (IOException | RuntimeException gone) {
                    // the process ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks * 1000 / CLOCK_TICKS_PER_SECOND;
    }
}
