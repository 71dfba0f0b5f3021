package io.wlabridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** What the database fixtures share: a count through a connection of their own. */
final class Jdbc {

    private Jdbc() {
    }

    /** The first column of the query's first row, as a number (a {@code SELECT COUNT(*)}). */
    static long count(String url, String user, String sql) {
        try (Connection c = DriverManager.getConnection(url, user, ""); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
