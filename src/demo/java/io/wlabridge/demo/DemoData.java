package io.wlabridge.demo;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;

import javax.sql.DataSource;

/**
 * The framework's time-travel mapping table with sample rows for one run date (demo and tests only).
 * In force in the acceptance environment: a time-travel date 30 days ahead of the calendar.
 */
public final class DemoData {

    public static final String ENVIRONMENT = "ACC";

    private DemoData() {
    }

    public static void createTable(DataSource dataSource) throws SQLException {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            c.setAutoCommit(true);
            // keyed the way the job reads it (one environment's day, in system order: routes/timetravel-daily.sql), so
            // the query is one ordered range of the index; keyed by system first, it walks the whole index and the
            // table in index order (a million rows: 3 s of PostgreSQL instead of 1 s)
            s.execute("CREATE TABLE IF NOT EXISTS timetravel_mapping ("
                    + " system_id VARCHAR(64) NOT NULL, environment VARCHAR(16) NOT NULL, valid_on DATE NOT NULL,"
                    + " tt_date_today VARCHAR(10), tt_date_tomorrow VARCHAR(10),"
                    + " PRIMARY KEY (environment, valid_on, system_id))");
        }
    }

    /** Seven rows for {@code runDate}: two deviating, two normal, one malformed, two of other days or environments. */
    public static void seed(DataSource dataSource, LocalDate runDate) throws SQLException {
        createTable(dataSource);
        LocalDate tt = runDate.plusDays(30);
        insert(dataSource, "BILLING", ENVIRONMENT, runDate, tt.toString(), tt.plusDays(1).toString());
        insert(dataSource, "CLAIMS", ENVIRONMENT, runDate, tt.toString(), tt.plusDays(7).toString());
        insert(dataSource, "LEDGER", ENVIRONMENT, runDate, tt.toString(), tt.toString());
        insert(dataSource, "PAYROLL", ENVIRONMENT, runDate, tt.toString(), "31.02.2027");
        insert(dataSource, "POLICY", ENVIRONMENT, runDate, tt.toString(),
                String.format("%02d.%02d.%d", tt.plusDays(1).getDayOfMonth(), tt.plusDays(1).getMonthValue(), tt.plusDays(1).getYear()));
        insert(dataSource, "CLAIMS", ENVIRONMENT, runDate.minusDays(1), tt.minusDays(1).toString(), tt.plusDays(7).toString());
        insert(dataSource, "CLAIMS", "PROD", runDate, runDate.toString(), runDate.plusDays(5).toString());
    }

    public static void insert(DataSource dataSource, String system, String environment, LocalDate validOn,
            String ttToday, String ttTomorrow) throws SQLException {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO timetravel_mapping (system_id, environment, valid_on, tt_date_today, tt_date_tomorrow)"
                        + " VALUES (?, ?, ?, ?, ?)")) {
            c.setAutoCommit(true);
            ps.setString(1, system);
            ps.setString(2, environment);
            ps.setDate(3, Date.valueOf(validOn));
            ps.setString(4, ttToday);
            ps.setString(5, ttTomorrow);
            ps.executeUpdate();
        }
    }
}
