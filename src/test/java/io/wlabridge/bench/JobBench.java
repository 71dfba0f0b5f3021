package io.wlabridge.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.api.management.ManagedCamelContext;
import org.apache.camel.api.management.mbean.ManagedProcessorMBean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.demo.DemoData;
import io.wlabridge.demo.RegistryStandIn;
import io.wlabridge.demo.TopicReader;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.JobTrigger;
import io.wlabridge.testing.Postgres;

/**
 * End-to-end throughput of the time-travel job: N mapping rows in PostgreSQL, every one deviating, through the real
 * job (SQL streamed, rule, Avro, registry wire format, Kafka acks=all, sent ledger) into the embedded broker
 * (in a JVM of its own by default, see BenchBroker), one service running the job day after day.
 * In the same run, the raw kafka-clients producer rate for records of the same serialised size on the same broker,
 * and the ratio of the two. Not a test; see bench/README.md.
 */
public final class JobBench {

    private static final String JOB = "timetravel-daily";
    private static final int TRANSACTION_RECORDS = Integer.getInteger("wla.bench.transaction-records", 20_000);
    /** wla.delivery.guarantee of the measured run; -Dwla.bench.guarantee=at-least-once measures the fallback. */
    private static final String GUARANTEE = System.getProperty("wla.bench.guarantee", "exactly-once");
    /** A run of the day before first (-Dwla.bench.warm-up=false: none), so the measured run is not the JVM's first. */
    private static final boolean WARM_UP = Boolean.parseBoolean(System.getProperty("wla.bench.warm-up", "true"));
    /** Rows of the warm-up run of the day before (at most the measured run's). */
    private static final int WARM_UP_ROWS = Integer.getInteger("wla.bench.warm-up-rows", 200_000);
    /** Warm-up runs at most; they stop once the JIT compiler worked less than a quarter of a run's time. */
    private static final int MAX_WARM_UP_RUNS = Integer.getInteger("wla.bench.warm-up-runs", 5);
    /**
     * Days at the measured run's volume (at most a million rows) at least, before the days of history
     * (-Dwla.bench.jit-days, default 3; 0 for none, as before session 14), in the measured service, each with the day
     * before as its history; their ids are then removed from wla_sent_chunk. Without them the measured run compiled
     * for 2-6 s what reaches C2 only at a million rows a run, which a service does once in its life, not every day.
     */
    private static final int JIT_DAYS = Integer.getInteger("wla.bench.jit-days", 3);
    /**
     * Full-volume days at most (-Dwla.bench.jit-days-max, default 20): after the first JIT_DAYS they go on until a
     * day's JIT compilation took less than -Dwla.bench.jit-settled percent (default 10) of its time, so the measured
     * run is the service's steady state, not its first weeks: methods called once per produce request, chunk or fetch
     * (Kafka's Sender, pgjdbc's statement execution) reach C2 one after another over ten million rows or more; no
     * classes are loaded after the second day (the bench prints both per day; see docs/performance.md).
     */
    private static final int MAX_JIT_DAYS = Integer.getInteger("wla.bench.jit-days-max", 20);
    private static final int JIT_SETTLED_PERCENT = Integer.getInteger("wla.bench.jit-settled", 10);
    /** After the measured run, the same day again (-Dwla.bench.rerun, default true): every row found sent. */
    private static final boolean RERUN = Boolean.parseBoolean(System.getProperty("wla.bench.rerun", "true"));
    /** Measured runs of the raw producer (-Dwla.bench.raw-runs, default 5); the fastest is the baseline. */
    private static final int RAW_RUNS = Math.max(1, Integer.getInteger("wla.bench.raw-runs", 5));

    private JobBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        System.out.printf("JobBench: %,d rows, %d CPU(s), max heap %,d MB, Java %s%n", rows,
                Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, Runtime.version());
        long initialHeap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getInit();
        if (initialHeap < ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getMax()) {
            // G1 gives back heap after the System.gc() before the measured run; its young generation then starts small
            // again and the measured run collected often (session 16: 261,600-349,800 records/s with -Xmx256m alone,
            // 461,700 with -Xms256m as well, in the same hour)
            System.out.printf("WARNING: the initial heap (%,d MB) is below the maximum: run with -Xms equal to -Xmx, as"
                    + " docs/deployment.md recommends for the service%n", initialHeap >> 20);
        }
        Postgres db = new Postgres();
        RegistryStandIn registry = new RegistryStandIn().start("127.0.0.1", 0);
        try (BenchBroker kafka = BenchBroker.start(true)) {
            CpuTime.alsoCount(kafka);
            kafka.createTopic("bench-job", 1);
            kafka.createTopic("bench-warm-up", 1);
            kafka.createTopic("bench-raw", 1);
            kafka.createTopic("bench-raw-tx", 1);
            kafka.createTopic("bench-raw-records", 1);
            kafka.createTopic("bench-raw-records-lz4", 1);
            LocalDate runDate = LocalDate.now(ZoneId.of("Europe/Berlin"));
            int warmUpRows = WARM_UP ? Math.min(rows, WARM_UP_ROWS) : 0;
            DemoData.createTable(db.dataSource());
            seed(db, rows, runDate, 1, 0);
            // the days before read the same systems as the measured day, every MAX_WARM_UP_RUNS-th one each, so their
            // ids interleave with the measured run's in wla_sent's key as a daily job's do (the first warmUpRows
            // systems on each day left 80 % of the measured ids to the key's right end, where inserts are cheapest)
            for (int day = 1; warmUpRows > 0 && day <= MAX_WARM_UP_RUNS; day++) {
                seed(db, warmUpRows, runDate.minusDays(day), MAX_WARM_UP_RUNS, day - 1);
            }
            int jitRows = Math.min(rows, 1_000_000);
            db.execute("ANALYZE timetravel_mapping");
            String transactionalIdPrefix = "bench-" + System.nanoTime();
            Map<String, String> settings = settings(db, kafka, registry, transactionalIdPrefix, runDate);
            JobRun run;
            long compileMillis;
            long warmUpRecords = 0;
            boolean jitDays = WARM_UP && JIT_DAYS > 0;
            // the measured service, as in production: started once, then its job runs day after day. First full-volume
            // days (the JIT compiler's part, see MAX_JIT_DAYS), each with the day before as its history; then the days
            // of history (each fire with its own run date), as a service that ran yesterday has had; without
            // full-volume days, until the JIT compiler worked less than a quarter of a run, and the first rate is then
            // the cold figure. One service throughout: a second one, started after the full-volume days, compiled
            // again for 1.5 s in its measured run (its routes' classes and call sites are new)
            try (BridgeMain bridge = new BridgeMain(Options.parse("run", JOB).withOverrides(settings)).start()) {
                JobTrigger trigger = bridge.setup().trigger();
                trigger.pauseSchedules();
                String dayBefore = null;
                for (int day = 1; jitDays && day <= Math.max(JIT_DAYS, MAX_JIT_DAYS); day++) {
                    if (dayBefore != null) {
                        // one day of history, as the measured run has: the ids of the days before it go
                        db.execute("DELETE FROM wla_sent_chunk WHERE run_id <> '" + dayBefore + "'");
                    }
                    // two dates in turn: a date's ids were sent two days before, and are gone with that day's chunk rows
                    LocalDate jitDate = runDate.minusDays(100 + (day - 1) % 2);
                    if (day <= 2) {
                        seed(db, jitRows, jitDate, 1, 0);
                        db.execute("ANALYZE timetravel_mapping");
                    }
                    awaitJitIdle();
                    long compiling = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                    long classes = ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount();
                    JobRun full = trigger.fire(JOB, "bench-warm-up", jitDate).get(1, TimeUnit.HOURS);
                    long compiled = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compiling;
                    long millis = Duration.between(full.started(), full.ended()).toMillis();
                    System.out.printf("RESULT %s, %,d records in %.1f s = %,.0f records/s (JIT compiling %,d ms, %,d classes"
                            + " loaded)%n", day == 1 ? "first run in this JVM (cold)" : "full-volume day " + day, full.sent(),
                            millis / 1000.0, full.sent() * 1000.0 / millis, compiled,
                            ManagementFactory.getClassLoadingMXBean().getTotalLoadedClassCount() - classes);
                    if (full.sent() != jitRows) {
                        throw new IllegalStateException("expected " + jitRows + " records sent: " + full.summary());
                    }
                    warmUpRecords += full.sent();
                    dayBefore = full.runId();
                    if (day >= JIT_DAYS && compiled * 100 < millis * JIT_SETTLED_PERCENT) {
                        break;
                    }
                }
                if (jitDays) {
                    // the days of history make the measured run's history: the full-volume days' ids go (the ledger
                    // topic's position stays past them, so reconciliation does not record them again)
                    db.execute("DELETE FROM wla_sent_chunk");
                }
                awaitJitIdle();
                for (int day = 1; warmUpRows > 0 && day <= MAX_WARM_UP_RUNS; day++) {
                    long compiling = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                    JobRun first = trigger.fire(JOB, "bench-warm-up", runDate.minusDays(day)).get(1, TimeUnit.HOURS);
                    long millis = Duration.between(first.started(), first.ended()).toMillis();
                    long compiled = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compiling;
                    System.out.printf("RESULT %s, %,d records in %.1f s = %,.0f records/s (JIT compiling %,d ms)%n",
                            day == 1 && !jitDays ? "first run in this JVM (cold)" : "day of history " + day, first.sent(), millis / 1000.0,
                            first.sent() * 1000.0 / millis, compiled);
                    if (first.sent() != warmUpRows) {
                        throw new IllegalStateException("expected " + warmUpRows + " records sent: " + first.summary());
                    }
                    warmUpRecords += first.sent();
                    if (!jitDays && compiled < millis / 4) {
                        // (after full-volume days every day of history runs: the measured run gets all of them)
                        break;
                    }
                    awaitJitIdle();
                }
                awaitJitIdle();
                bridge.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class)
                        .getManagedCamelContext().reset(true);
                resetPeaks();
                sampleLiveHeap();
                CpuTime cpu = CpuTime.start();
                long compiling = ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
                run = trigger.fire(JOB, "bench", null).get(1, TimeUnit.HOURS);
                compileMillis = ManagementFactory.getCompilationMXBean().getTotalCompilationTime() - compiling;
                cpu.print();
                printStepTimes(bridge);
                if (RERUN) {
                    // the measured day again: every row found sent, each through the index's exact lookup (its chunk's
                    // row read), as a rerun after a failed run finds what that run sent
                    awaitJitIdle();
                    JobRun again = trigger.fire(JOB, "bench-rerun", null).get(1, TimeUnit.HOURS);
                    if (again.sent() != 0 || again.alreadySent() != rows) {
                        throw new IllegalStateException("expected all " + rows + " rows found sent: " + again.summary());
                    }
                    long millis = Duration.between(again.started(), again.ended()).toMillis();
                    System.out.printf("RESULT rerun of the measured day: %,d rows found sent, none sent again, in %.1f s"
                            + " = %,.0f rows/s%n", again.alreadySent(), millis / 1000.0, again.alreadySent() * 1000.0 / millis);
                }
            }
            long peakHeap = peakHeap();
            long liveHeap = peakLiveHeap();
            System.out.println(run.summary());
            if (run.sent() != rows) {
                throw new IllegalStateException("expected " + rows + " records sent: " + run.summary());
            }
            double seconds = Duration.between(run.started(), run.ended()).toMillis() / 1000.0;
            double pipeline = run.sent() / seconds;
            int size = serialisedSize(kafka.bootstrapServers());
            // the raw producer gets as many warm-up records as the job's warm-up runs sent (with fewer, its measured
            // run compiled for most of its length, and its rate varied with the compiler's luck)
            long rawWarmUp = Math.max(200_000, warmUpRecords);
            System.out.printf("raw producer warm-up: %,d records%n", rawWarmUp);
            awaitJitIdle();
            RawProducerBench.measure(kafka.bootstrapServers(), "bench-warm-up", (int) rawWarmUp, size);
            // as before the job's measured run: the compiler done with the warm-up
            awaitJitIdle();
            int measured = Math.min(rows, 2_000_000);
            // five measured runs, the fastest the baseline (as HttpBridgeBench): the raw producer's rate moves by a
            // factor of three from run to run (one day: 171,600, 208,700, 243,600, 305,900 records/s for four runs of
            // a million in a row; 414,900, 337,700, 247,600 in another JVM), so one run says little of its pace (the
            // ratio to the first is printed too, the baseline until session 14)
            CpuTime rawCpu = CpuTime.start();
            double[] rawRuns = new double[RAW_RUNS];
            for (int i = 0; i < rawRuns.length; i++) {
                rawRuns[i] = RawProducerBench.measure(kafka.bootstrapServers(), "bench-raw", measured, size);
            }
            double raw = java.util.Arrays.stream(rawRuns).max().orElseThrow();
            double rawFirst = rawRuns[0];
            System.out.printf("the raw producer's %d runs of %,d records:%n", rawRuns.length, measured);
            rawCpu.print();
            double rawTx = RawProducerBench.measure(kafka.bootstrapServers(), "bench-raw-tx", measured, size, TRANSACTION_RECORDS);
            // for comparison, not the baseline: the job's own records (key, Avro value, headers), sent raw as they are
            // and compressed as the job sends them by default (wla.kafka.compression=auto: lz4)
            List<ProducerRecord<byte[], byte[]>> sample = jobRecords(kafka.bootstrapServers(), 20_000);
            double rawJobRecords = RawProducerBench.measureRecords(kafka.bootstrapServers(), "bench-raw-records", sample,
                    measured, "none");
            double rawJobRecordsLz4 = RawProducerBench.measureRecords(kafka.bootstrapServers(), "bench-raw-records-lz4",
                    sample, measured, "lz4");
            System.out.printf("RESULT end-to-end (%s) %,d records in %.1f s = %,.0f records/s, heap live after GC at most"
                    + " %,d MB (peaks of the heap pools added up %,d MB) of %,d MB%s%n",
                    GUARANTEE, run.sent(), seconds, pipeline, liveHeap >> 20, peakHeap >> 20,
                    Runtime.getRuntime().maxMemory() >> 20, kafka.process().isEmpty() ? ", broker included" : "");
            System.out.printf("RESULT raw producer, %d-byte records (key + value + headers of the job's records) = %,.0f records/s"
                    + " (the fastest of %s records/s)%n", size, raw, java.util.Arrays.stream(rawRuns)
                            .mapToObj(r -> String.format("%,.0f", r)).collect(java.util.stream.Collectors.joining(", ")));
            System.out.printf("RESULT raw transactional producer, %,d records per transaction = %,.0f records/s%n",
                    TRANSACTION_RECORDS, rawTx);
            System.out.printf("RESULT raw producer, the job's own records: %,.0f records/s uncompressed, %,.0f with lz4%n",
                    rawJobRecords, rawJobRecordsLz4);
            System.out.printf("RESULT JIT compilation during the measured run: %,d ms (compiler threads, of %,d ms wall)%n",
                    compileMillis, Duration.between(run.started(), run.ended()).toMillis());
            System.out.printf("RESULT ratio end-to-end / raw = %.2f (to the raw producer's first run, the baseline until session"
                    + " 14: %.2f; to the raw transactional producer: %.2f; to the job's own records sent raw: %.2f"
                    + " uncompressed, %.2f with lz4)%n",
                    pipeline / raw, pipeline / rawFirst, pipeline / rawTx, pipeline / rawJobRecords, pipeline / rawJobRecordsLz4);
        } finally {
            registry.stop();
        }
    }

    private static Map<String, String> settings(Postgres db, BenchBroker kafka, RegistryStandIn registry,
            String transactionalIdPrefix, LocalDate runDate) {
        Map<String, String> settings = new java.util.HashMap<>(Map.of(
                "wla.datasource.url", db.url(),
                "wla.datasource.username", Postgres.USER,
                "wla.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "wla.registry.url", registry.url(),
                "wla.timetravel.topic", "bench-job",
                "wla.timetravel.cron", "0 0 0 1 1 ? 2099",
                "wla.delivery.guarantee", GUARANTEE,
                "wla.delivery.transaction-records", Integer.toString(TRANSACTION_RECORDS),
                "wla.delivery.transactional-id-prefix", transactionalIdPrefix,
                "wla.job.run-date", runDate.toString()));
        // -Dwla.bench.set.<setting>=<value>: any other bridge setting for both runs, e.g. wla.kafka.compression
        System.getProperties().stringPropertyNames().stream().filter(name -> name.startsWith("wla.bench.set."))
                .forEach(name -> settings.put(name.substring("wla.bench.set.".length()), System.getProperty(name)));
        return settings;
    }

    /**
     * Waits until the JIT compiler has worked off its queue (no compiling for half a second, at most a minute), as it
     * has in a service between its start and its schedule's fire, and between two daily runs. A bench may poll with a
     * sleep.
     */
    private static void awaitJitIdle() throws InterruptedException {
        var compiler = ManagementFactory.getCompilationMXBean();
        long started = System.nanoTime();
        long before = compiler.getTotalCompilationTime();
        while (System.nanoTime() - started < Duration.ofMinutes(1).toNanos()) {
            Thread.sleep(500);
            long now = compiler.getTotalCompilationTime();
            if (now - before < 5) {
                break;
            }
            before = now;
        }
        System.out.printf("JIT compiler idle %,d ms later%n", (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * N rows of the acceptance environment for the run date, every one deviating; inserted by PostgreSQL itself. The
     * systems are every {@code step}-th from {@code offset + 1} on.
     */
    private static void seed(Postgres db, int rows, LocalDate runDate, int step, int offset) throws Exception {
        long started = System.nanoTime();
        db.execute("INSERT INTO timetravel_mapping (system_id, environment, valid_on, tt_date_today, tt_date_tomorrow)"
                + " SELECT 'SYS' || lpad((" + offset + " + (i - 1) * " + step + " + 1)::text, 8, '0'), 'ACC', DATE '"
                + runDate + "', '" + runDate.plusDays(30)
                + "', '" + runDate.plusDays(38) + "' FROM generate_series(1, " + rows + ") AS i");
        System.out.printf("seeded %,d rows for %s in %,d ms%n", rows, runDate, (System.nanoTime() - started) / 1_000_000);
    }

    /** Key, value and headers of the first record the job produced: what the raw producer sends per record. */
    private static int serialisedSize(String bootstrap) {
        List<ConsumerRecord<String, byte[]>> first = TopicReader.read(bootstrap, "bench-job", Duration.ofMinutes(2), 1);
        ConsumerRecord<String, byte[]> record = first.get(0);
        int size = record.serializedKeySize() + record.serializedValueSize();
        for (Header header : record.headers()) {
            size += header.key().length() + header.value().length;
        }
        return size;
    }

    /** Up to n of the job's records as it produced them, for the raw producer to send again. */
    private static List<ProducerRecord<byte[], byte[]>> jobRecords(String bootstrap, int n) {
        List<ProducerRecord<byte[], byte[]>> records = new java.util.ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.read(bootstrap, "bench-job", Duration.ofMinutes(2), n)) {
            records.add(new ProducerRecord<>("bench-job", null,
                    record.key() == null ? null : record.key().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    record.value(), record.headers()));
        }
        return records;
    }

    /** Total time per step of the job route, from Camel's JMX processor statistics: what limits the pipeline. */
    private static void printStepTimes(BridgeMain bridge) throws Exception {
        ManagedCamelContext managed = bridge.context().getCamelContextExtension().getContextPlugin(ManagedCamelContext.class);
        for (String step : List.of("resolve-schema", "open-send", "fetch", "chunks", "map", "rule", "encode", "send",
                "commit")) {
            ManagedProcessorMBean processor = managed.getManagedProcessor(JOB + "-" + step);
            if (processor != null) {
                System.out.printf("STEP %-12s total %,8d ms  exchanges %,9d  mean %,8.3f ms%n", step,
                        processor.getTotalProcessingTime(), processor.getExchangesTotal(), processor.getMeanProcessingTime() / 1.0);
            }
        }
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    private static final java.util.concurrent.atomic.AtomicLong LIVE_PEAK = new java.util.concurrent.atomic.AtomicLong();
    private static volatile boolean sampling;

    /**
     * Watches, every 50 ms, what the heap held right after its last collection: what stays live during the run. The
     * pools are looked up once: ManagementFactory builds their MXBeans and object names at every call, which cost a measured
     * run of three million rows about a second of JIT compilation besides the sampler's own CPU (JFR, session 13).
     */
    private static void sampleLiveHeap() {
        sampling = true;
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.getCollectionUsage() != null).toList();
        Thread sampler = new Thread(() -> {
            while (sampling) {
                long live = 0;
                for (MemoryPoolMXBean pool : heapPools) {
                    live += pool.getCollectionUsage().getUsed();
                }
                LIVE_PEAK.accumulateAndGet(live, Math::max);
                java.util.concurrent.locks.LockSupport.parkNanos(50_000_000L);
            }
        }, "bench-heap-sampler");
        sampler.setDaemon(true);
        sampler.start();
    }

    /** The most the heap held right after a collection during the run: the flat line to look for. */
    private static long peakLiveHeap() {
        sampling = false;
        return LIVE_PEAK.get();
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
