package io.wlabridge.app;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedStartupListener;

/** Runs a step of the service once the Camel context has fully started, i.e. once the job routes run. */
final class AfterStart {

    interface Step {
        void run() throws Exception;
    }

    private AfterStart() {
    }

    /** @param what what the step does, for the error when it cannot be registered */
    static void run(CamelContext context, String what, Step step) {
        try {
            context.addStartupListener(new ExtendedStartupListener() {
                @Override
                public void onCamelContextStarted(CamelContext started, boolean alreadyStarted) {
                    // not yet: the job routes run once the context is fully started
                }

                @Override
                public void onCamelContextFullyStarted(CamelContext started, boolean alreadyStarted) throws Exception {
                    step.run();
                }
            });
        } catch (Exception e) {
            throw new IllegalStateException("cannot " + what + ": " + e.getMessage(), e);
        }
    }
}
