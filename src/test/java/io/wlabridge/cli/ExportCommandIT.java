package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
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
}
