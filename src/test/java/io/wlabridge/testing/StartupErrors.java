package io.wlabridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.HashMap;
import java.util.Map;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Commands;
import io.wlabridge.cli.Options;

/** Starts `run` with otherwise valid settings and returns the one line a failed startup prints. No network needed. */
public final class StartupErrors {

    private static final Map<String, String> VALID = Map.of(
            "wla.datasource.url", "jdbc:h2:mem:startup-validation",
            "wla.kafka.bootstrap-servers", "127.0.0.1:1",
            "wla.registry.url", "http://127.0.0.1:1");

    private StartupErrors() {
    }

    /** The error line of a startup with {@code bad} on top of valid settings; fails the test if startup succeeds. */
    public static String of(Map<String, String> bad) {
        Map<String, String> settings = new HashMap<>(VALID);
        settings.putAll(bad);
        Throwable failure = catchThrowable(() -> {
            try (BridgeMain bridge = new BridgeMain(Options.parse("run").withOverrides(settings))) {
                bridge.start();
            }
        });
        assertThat(failure).as("startup must fail").isNotNull();
        String line = Commands.describe(failure);
        assertThat(line).doesNotContain("\n");
        return line;
    }
}
