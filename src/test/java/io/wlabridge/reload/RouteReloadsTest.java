package io.wlabridge.reload;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;

import io.wlabridge.ops.BridgeTables;

/** wla_route_reload on the embedded default database (H2); RouteReloadIT writes it on PostgreSQL. */
class RouteReloadsTest {

    @Test
    void reloadAndRejectionAreRecordedOnH2() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:reloads;DB_CLOSE_DELAY=-1");
        BridgeTables.create(h2);
        RouteReloads reloads = new RouteReloads(h2);

        reloads.record("routes/a.camel.yaml", "ab".repeat(32), "a", RouteReloads.ACCEPTED, null);
        reloads.record("routes/a.camel.yaml", "cd".repeat(32), "a", RouteReloads.REJECTED, "x".repeat(3000));

        try (Connection c = h2.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT result, checksum, reason, reloaded_at FROM wla_route_reload ORDER BY result")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("ACCEPTED");
            assertThat(rs.getString(3)).isNull();
            assertThat(rs.getTimestamp(4)).isNotNull();
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("REJECTED");
            assertThat(rs.getString(2)).isEqualTo("cd".repeat(32));
            assertThat(rs.getString(3)).hasSize(2000);
            assertThat(rs.next()).isFalse();
        }
    }
}
