package io.wlabridge.cli;

import java.util.List;
import java.util.Set;

/** No command: the service, which runs the scheduled jobs (and, as configured, the HTTP bridge and overview) until stopped. */
public final class ServiceCommand {

    /** How the service is started (wla-bridge --help lists it first). */
    public static final CommandSpec SPEC = new CommandSpec("service", "[--key=value ...]",
            "The service (no command): runs the scheduled jobs of routes/*.camel.yaml until stopped."
                    + "\nServes the overview and /api/jobs (wla.http.port), /observe/health and /observe/metrics"
                    + "\n(wla.management.port) and, with wla.api.issuer set, the HTTP bridge.",
            List.of(), "0 stopped, 1 could not start", Set.of(), Set.of(), 0, 0);

    private ServiceCommand() {
    }

    public static int execute(Options options) throws Exception {
        new BridgeMain(options).runUntilStopped();
        return 0;
    }
}
