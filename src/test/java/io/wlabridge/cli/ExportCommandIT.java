package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.testing.Postgres;

/**
 * `export terraform` for the jobs in routes/ equals the reviewed src/test/resources/terraform/timetravel-daily.tf byte
 * for byte. An IT only because loading the jobs opens the job database; Kafka and the registry are not contacted.
 */
class ExportCommandIT {

    @Test
    void terraformForTheTimeTravelJobIsTheReviewedFile(@TempDir Path dir) throws Exception {
        Postgres db = new Postgres();
        Path out = dir.resolve("out.tf");
        Options options = Options.parse("export", "terraform", "--file", out.toString()).withOverrides(Map.of(
                "wla.datasource.url", db.url(), "wla.datasource.username", Postgres.USER));

        assertThat(ExportCommand.execute(options, System.out)).isZero();

        assertThat(Files.readString(out)).isEqualTo(Files.readString(Path.of("src/test/resources/terraform/timetravel-daily.tf")));
    }

    @Test
    void oneShotCommandsLoadTheJobsButNeverStartTheirScheduler() throws Exception {
        Postgres db = new Postgres();
        Map<String, String> settings = Map.of("wla.datasource.url", db.url(), "wla.datasource.username", Postgres.USER);
        for (String command : List.of("export", "provision", "check", "replay", "trace")) {
            try (BridgeMain bridge = new BridgeMain(Options.parse(command).withOverrides(settings)).start()) {
                assertThat(bridge.setup().catalog().jobs()).as(command).isNotEmpty();
                assertThat(bridge.setup().trigger().scheduler().isStarted()).as(command + " starts no scheduler").isFalse();
            }
        }
        try (BridgeMain bridge = new BridgeMain(Options.parse("run", "timetravel-daily").withOverrides(settings)).start()) {
            assertThat(bridge.setup().trigger().scheduler().isStarted()).as("run fires its job").isTrue();
        }
    }
}
