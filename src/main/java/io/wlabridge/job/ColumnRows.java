package io.wlabridge.job;

import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.camel.component.sql.RowMapperFactory;
import org.springframework.jdbc.core.BeanPropertyRowMapper;
import org.springframework.jdbc.core.ColumnMapRowMapper;
import org.springframework.jdbc.core.RowMapper;

/**
 * The job's fetch step rows (bean {@code columnRows}, camel-sql's rowMapperFactory): each row a plain map of
 * column label to value. camel-sql's default builds a case-insensitive map per row, which costs more per row than
 * mapping it; the bridge looks columns up without case itself ({@link io.wlabridge.job.RowMapper#column}).
 */
public final class ColumnRows implements RowMapperFactory {

    @Override
    public RowMapper<?> newColumnRowMapper() {
        return new ColumnMapRowMapper() {
            @Override
            protected Map<String, Object> createColumnMap(int columnCount) {
                return new LinkedHashMap<>(columnCount * 2);
            }
        };
    }

    @Override
    public RowMapper<?> newBeanRowMapper(Class<?> type) {
        return new BeanPropertyRowMapper<>(type);
    }
}
