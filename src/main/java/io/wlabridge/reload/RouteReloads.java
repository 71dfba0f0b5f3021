package io.wlabridge.reload;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records every reload of a job file in table {@code wla_route_reload}: which file, its SHA-256, when, whether the new
 * version was ACCEPTED or REJECTED, and why.
 */
public final class RouteReloads {

    public static final String ACCEPTED = "ACCEPTED";
    public static final String REJECTED = "REJECTED";

    private static final Logger LOG = LoggerFactory.getLogger(RouteReloads.class);

    private final DataSource dataSource;

    public RouteReloads(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void record(String file, String checksum, String jobId, String result, String reason) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            // no column list: column "file" is a reserved word in Oracle and SQL Server (order: db/wla-schema.sql)
            try (PreparedStatement ps = connection.prepareStatement("INSERT INTO wla_route_reload"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                ps.setString(1, UUID.randomUUID().toString());
                ps.setString(2, cut(file, 1000));
                ps.setString(3, checksum);
                ps.setString(4, jobId);
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.setString(6, result);
                ps.setString(7, reason == null ? null : cut(reason, 2000));
                ps.executeUpdate();
            }
            connection.commit();
        } catch (SQLException e) {
            // the reload itself has happened (or was refused) and is in the log; only its record is missing
            LOG.warn("{}: cannot record the reload ({}) in wla_route_reload: {}", file, result, e.getMessage());
        }
    }

    private static String cut(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max);
    }
}
