package io.wlabridge.cli;

import java.io.PrintStream;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import io.wlabridge.job.JobRun;

/**
 * {@code run <job-id>}: runs one job once, through the job's own Quartz scheduler, and exits with the run's
 * outcome: 0 all selected records sent, 2 finished with dead letters, 1 the run failed. One summary line on stdout.
 */
public final class RunCommand {

    /** How {@code run} is called (wla-bridge help run). */
    public static final CommandSpec SPEC = new CommandSpec("run", "run <job-id> [--dry-run] [--as-of yyyy-MM-dd]",
            "Runs one job once now (its schedule paused) and prints one summary line.",
            List.of("--dry-run             fetch, rule, mapping, Avro encoding and schema lookup, but nothing sent or",
                    "                      recorded: prints each event that would be sent as one JSON line",
                    "--as-of yyyy-MM-dd    the run date (default: today in the job's time zone, or wla.job.run-date)"),
            "0 every selected record sent, 2 finished with dead letters, 1 failed",
            Set.of("as-of"), Set.of("dry-run"), 1, 1);

    private RunCommand() {
    }

    public static int execute(Options options, PrintStream out) throws Exception {
        if (options.arguments().size() != 1) {
            throw new UsageException("run needs exactly one job id: wla-bridge run <job-id>");
        }
        String jobId = options.arguments().get(0);
        Optional<String> asOf = options.value("as-of");
        if (asOf.isPresent()) {
            try {
                LocalDate.parse(asOf.get());
            } catch (DateTimeParseException e) {
                throw new UsageException("run: --as-of '" + asOf.get() + "' is not a date: give it as yyyy-MM-dd");
            }
            // the run date, above wla.job.run-date wherever that is set
            options = options.withRunDate(asOf.get());
        }
        boolean dryRun = options.flag("dry-run");
        try (BridgeMain bridge = new BridgeMain(options)) {
            if (dryRun) {
                bridge.setup().dryRun(out);
            }
            bridge.start();
            JobRun run = runOnce(bridge, jobId, dryRun ? JobRun.DRY_RUN : "command-line");
            out.println(run.summary() + (dryRun ? " dry-run=nothing-sent-or-recorded" : ""));
            return run.outcome().exitCode();
        }
    }

    /** Fires the job now through its Quartz scheduler (scheduled fires paused) and waits for the run to end. */
    public static JobRun runOnce(BridgeMain bridge, String jobId, String trigger) throws Exception {
        bridge.setup().catalog().job(jobId);
        bridge.setup().trigger().pauseSchedules();
        return bridge.setup().trigger().fire(jobId, trigger).get(24, TimeUnit.HOURS);
    }
}
