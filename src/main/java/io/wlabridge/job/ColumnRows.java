package io.wlabridge.job;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.apache.camel.component.sql.RowMapperFactory;
import org.springframework.jdbc.core.BeanPropertyRowMapper;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.support.JdbcUtils;

/**
 * The job's fetch step rows (bean {@code columnRows}, camel-sql's rowMapperFactory): each row a read-only map of
 * column label to value ({@link NamedValues}: the labels once per query, an array per row), with the values Spring's
 * {@code ColumnMapRowMapper} would give. camel-sql's default builds a case-insensitive map per row, which costs more
 * per row than mapping it; the bridge looks columns up without case itself ({@link io.wlabridge.job.RowMapper#column}).
 */
public final class ColumnRows implements RowMapperFactory {

    @Override
    public RowMapper<?> newColumnRowMapper() {
        return new RowMapper<NamedValues>() {
            private ResultSet labelled;
            private NamedValues.Names names;
            private boolean[] dates;
            private boolean localDates = true;

            @Override
            public NamedValues mapRow(ResultSet rs, int rowNum) throws SQLException {
                if (rs != labelled) {
                    ResultSetMetaData metaData = rs.getMetaData();
                    names = names(metaData);
                    dates = new boolean[names.size()];
                    for (int i = 0; i < dates.length; i++) {
                        dates[i] = metaData.getColumnType(i + 1) == Types.DATE;
                    }
                    labelled = rs;
                }
                Object[] values = new Object[names.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = dates[i] && localDates ? localDate(rs, i + 1) : JdbcUtils.getResultSetValue(rs, i + 1);
                }
                return new NamedValues(names, values);
            }

            /**
             * A DATE column as LocalDate (JDBC 4.2), the type the mapping wants: a java.sql.Date costs a calendar per
             * value to convert. A driver that cannot gives java.sql.Date, as before.
             */
            private Object localDate(ResultSet rs, int column) throws SQLException {
                try {
                    return rs.getObject(column, LocalDate.class);
                } catch (SQLException | RuntimeException unsupported) {
                    localDates = false;
                    return JdbcUtils.getResultSetValue(rs, column);
                }
            }
        };
    }

    private static NamedValues.Names names(ResultSetMetaData metaData) throws SQLException {
        List<String> labels = new ArrayList<>(metaData.getColumnCount());
        for (int i = 1; i <= metaData.getColumnCount(); i++) {
            labels.add(JdbcUtils.lookupColumnName(metaData, i));
        }
        return new NamedValues.Names(labels);
    }

    @Override
    public RowMapper<?> newBeanRowMapper(Class<?> type) {
        return new BeanPropertyRowMapper<>(type);
    }
}
