package io.wlabridge.cli;

import java.io.PrintStream;
import java.util.concurrent.TimeUnit;


import io.wlabridge.job.JobRun;

/**
 * {@code run <job-id>}: runs one job once, through the job's own Quartz scheduler, and exits with the run's
 * outcome: 0 all selected records sent, 2 finished with dead letters, 1 the run failed. One summary line on stdout.
 */
public final class RunCommand {

    private RunCommand() {
    }

    public static int execute(Options options, PrintStream out) throws Exception {
        if (options.arguments().size() != 1) {
            throw new UsageException("run needs exactly one job id: wla-bridge run <job-id>");
        }
        String jobId = options.arguments().get(0);
        try (BridgeMain bridge = new BridgeMain(options).start()) {
            JobRun run = runOnce(bridge, jobId, "command-line");
            out.println(run.summary());
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
