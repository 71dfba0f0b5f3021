package io.wlabridge.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.wlabridge.testing.StartupErrors;

/** Sources and drivers that do not fit stop the start with one line saying what to do (H2 state, no network). */
class SourcesTest {

    @Test
    void aSourceWhoseDriverIsMissingNamesTheFolderAndTheUsualDrivers() {
        String error = StartupErrors.of(Map.of("wla.timetravel.source", "framework",
                "wla.source.framework.url", "jdbc:oracle:thin:scott/tiger@//db.example.org:1521/FRAMEWORK",
                "wla.drivers.dir", "target/no-such-drivers"));

        assertThat(error).startsWith("wla.source.framework.url: no JDBC driver for jdbc:oracle:")
                .contains("no-such-drivers").contains("wla.drivers.dir")
                .contains("com.oracle.database.jdbc:ojdbc11").contains("com.microsoft.sqlserver:mssql-jdbc")
                .contains("org.mariadb.jdbc:mariadb-java-client").contains("com.ibm.db2:jcc")
                // the URL may carry credentials: only its scheme is named
                .doesNotContain("tiger");
    }

    @Test
    void aJobNamingAnUndeclaredSourceNamesTheKeyToSet() {
        String error = StartupErrors.of(Map.of("wla.timetravel.source", "framework"));

        assertThat(error).contains("job timetravel-daily").contains("parameter 'source' is 'framework'")
                .contains("wla.source.framework.url is not set");
    }

    @Test
    void theDefaultDriversFolderIsBesideTheConfigurationFile() {
        assertThat(JdbcDrivers.folder("", java.nio.file.Path.of("/etc/wla/application.properties")))
                .isEqualTo(java.nio.file.Path.of("/etc/wla/drivers"));
        assertThat(JdbcDrivers.folder(" /opt/drivers ", java.nio.file.Path.of("application.properties")))
                .isEqualTo(java.nio.file.Path.of("/opt/drivers"));
    }
}
