package io.wlabridge.ops;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.component.sql.DefaultSqlPrepareStatementStrategy;
import org.apache.camel.component.sql.SqlEndpoint;
import org.apache.camel.component.sql.SqlHelper;
import org.apache.camel.component.sql.SqlPrepareStatementStrategy;
import org.apache.camel.support.DefaultExchange;

import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.ColumnRows;
import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.JobSteps;
import io.wlabridge.job.RecordBuilder;
import io.wlabridge.job.RecordRejectedException;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * {@code check}'s look at a job's query in the database: it runs as the job's fetch step would for the current run
 * date (the same statement, named parameters filled by camel-sql), every column the mapping needs must be in its result
 * (ResultSetMetaData, so a day without rows is checked too), and the job's rule is evaluated on the rows without sending
 * anything: "selects 2 of 5 rows". A rule that selects every row where the job's last runs selected few of theirs is a
 * WARN line ({@link RuleShare}).
 */
final class JobQueryCheck {

    private final CamelContext context;
    private final JobCatalog catalog;
    private final DataSource dataSource;

    JobQueryCheck(CamelContext context, JobCatalog catalog, DataSource dataSource) {
        this.context = context;
        this.catalog = catalog;
        this.dataSource = dataSource;
    }

    List<CheckResult> check(JobDefinition job) {
        String what = "query (job " + job.jobId() + ")";
        List<CheckResult> results = new ArrayList<>();
        SqlEndpoint endpoint = fetchEndpoint(job);
        if (endpoint == null) {
            results.add(CheckResult.fail(what, "the job's query is not known"));
            return results;
        }
        String query = endpoint.getQuery();
        String source = job.querySource();
        what = "query " + source + " (job " + job.jobId() + ")";
        LocalDate runDate = runDate(job.jobId());
        Exchange exchange = new DefaultExchange(context);
        exchange.setProperty(RecordBuilder.RUN_DATE_PROPERTY, runDate);
        exchange.setProperty(JobSteps.FIRE_TIME_PROPERTY, OffsetDateTime.now(ZoneOffset.UTC));
        RegistryAvroDataFormat avro = context.getRegistry().lookupByNameAndType("registryAvroDataFormat",
                RegistryAvroDataFormat.class);
        RecordBuilder builder = new RecordBuilder(context, catalog, avro, job, "check", runDate, null);
        long read = 0;
        long selected = 0;
        long rejected = 0;
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            // as the fetch step reads: streamed in chunks of the fetch size (PostgreSQL streams only in a transaction)
            connection.setAutoCommit(false);
            try {
                String sql = SqlHelper.resolveQuery(context, query, endpoint.isUsePlaceholder() ? endpoint.getPlaceholder() : null);
                // the endpoint makes its strategy when it starts; check starts no route
                SqlPrepareStatementStrategy strategy = endpoint.getPrepareStatementStrategy() != null
                        ? endpoint.getPrepareStatementStrategy() : new DefaultSqlPrepareStatementStrategy(endpoint.getSeparator());
                String prepared = strategy.prepareQuery(sql, endpoint.isAllowNamedParameters(), exchange);
                try (PreparedStatement ps = connection.prepareStatement(prepared)) {
                    int expected = ps.getParameterMetaData().getParameterCount();
                    strategy.populateStatement(ps,
                            strategy.createPopulateIterator(sql, prepared, expected, exchange, null), expected);
                    ps.setFetchSize(endpoint.getFetchSize() > 0 ? endpoint.getFetchSize() : 1000);
                    try (ResultSet rs = ps.executeQuery()) {
                        String missing = missingColumns(job, rs.getMetaData());
                        if (missing != null) {
                            results.add(CheckResult.fail(what, missing));
                            return results;
                        }
                        results.add(CheckResult.ok(what, "returns every column job " + job.jobId() + " needs ("
                                + rs.getMetaData().getColumnCount() + " columns)"));
                        var rows = new ColumnRows().newColumnRowMapper();
                        while (rs.next()) {
                            read++;
                            @SuppressWarnings("unchecked")
                            Map<String, ?> row = (Map<String, ?>) rows.mapRow(rs, (int) read);
                            try {
                                if (builder.selects(builder.fields(row))) {
                                    selected++;
                                }
                            } catch (RecordRejectedException e) {
                                rejected++;
                            }
                        }
                    }
                }
            } finally {
                connection.rollback();
                connection.setAutoCommit(autoCommit);
            }
        } catch (Exception e) {
            // a table or column the database does not have is said as such, with the job and its query file
            results.add(CheckResult.fail(what, FailureDescription.ofQuery(e, job.jobId(), source)));
            return results;
        }
        results.add(rule(job, runDate, read, selected, rejected));
        return results;
    }

    private CheckResult rule(JobDefinition job, LocalDate runDate, long read, long selected, long rejected) {
        String what = "rule (job " + job.jobId() + ")";
        String counted = "selects " + selected + " of " + read + " row(s) read for run date " + runDate
                + (rejected > 0 ? " (" + rejected + " would be dead-lettered)" : "") + "; nothing sent";
        if (read < 2 || selected < read) {
            return CheckResult.ok(what, counted);
        }
        return RuleShare.suspicious(new RunLedger(dataSource), job.jobId(), null)
                .map(before -> CheckResult.warn(what, counted + "; every row, " + before + " - check the rule (a misspelt"
                        + " field, a comparison that is always true) before the job runs"))
                .orElse(CheckResult.ok(what, counted));
    }

    /** What the query's result lacks for the mapping, the key and the event id, or null when it has everything. */
    private String missingColumns(JobDefinition job, ResultSetMetaData meta) throws SQLException {
        List<String> labels = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            labels.add(meta.getColumnLabel(i));
        }
        List<String> missing = new ArrayList<>();
        for (String field : catalog.mapper(job.jobId()).fieldsWithoutColumn(labels)) {
            missing.add("no column for field '" + field + "' of schema " + job.schema().getName());
        }
        List<String> columns = new ArrayList<>();
        columns.add(job.keyColumn());
        columns.addAll(job.idColumns());
        for (String column : columns) {
            if (labels.stream().noneMatch(column::equalsIgnoreCase) && !missing.contains("no column " + column)) {
                missing.add("no column " + column + (column.equals(job.keyColumn()) ? " (keyColumn)" : " (idColumns)"));
            }
        }
        return missing.isEmpty() ? null : "returns " + String.join(", ", missing) + "; it returns " + labels
                + " - select them (fields match columns without case and underscores) or fix the job's parameters";
    }

    /** The job's fetch endpoint: the one its route made, or one made the same way (check starts no route). */
    private SqlEndpoint fetchEndpoint(JobDefinition job) {
        if (job.query() == null) {
            return null;
        }
        for (Endpoint endpoint : context.getEndpoints()) {
            if (endpoint instanceof SqlEndpoint sql && job.query().equals(sql.getQuery())) {
                return sql;
            }
        }
        Map<String, Object> parameters = new java.util.HashMap<>(Map.of("dataSource", "#dataSource"));
        return context.getEndpoint("sql:" + job.query(), parameters) instanceof SqlEndpoint sql ? sql : null;
    }

    private LocalDate runDate(String jobId) {
        String given = new Settings(context).get(WlaOptions.JOB_RUN_DATE).trim();
        return given.isEmpty() ? LocalDate.now(catalog.zone(jobId)) : LocalDate.parse(given);
    }
}
