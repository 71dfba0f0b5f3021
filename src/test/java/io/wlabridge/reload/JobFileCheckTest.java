package io.wlabridge.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.support.service.ServiceSupport;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.wlabridge.config.ConfigException;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.ColumnRows;
import io.wlabridge.job.DeliveryGuarantee;
import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobSteps;
import io.wlabridge.job.RecordPipeline;
import io.wlabridge.job.RecordSender;
import io.wlabridge.job.SentLedger;
import io.wlabridge.ops.Escalation;

/** The check an edited job file passes before it replaces the running job (RouteReloadIT: in the running service). */
class JobFileCheckTest {

    private static final String LOCATION = "file:routes/timetravel-daily.camel.yaml";

    private final DefaultCamelContext live = new DefaultCamelContext();
    private final TrackedDataFormat avro = new TrackedDataFormat();
    private String job;

    @BeforeEach
    void liveContextWithTheTemplateBeans() throws Exception {
        live.getPropertiesComponent().setInitialProperties(WlaOptions.defaults());
        live.getPropertiesComponent().setLocation("file:application.properties");
        JdbcDataSource dataSource = new JdbcDataSource();
        dataSource.setURL("jdbc:h2:mem:check");
        live.getRegistry().bind("dataSource", dataSource);
        live.getRegistry().bind(JobCatalog.sourceBean(WlaOptions.STATE_SOURCE), dataSource);
        live.getRegistry().bind("registryAvroDataFormat", avro);
        live.getRegistry().bind("jobSteps", new JobSteps(null, List.of(), null, null, Duration.ZERO));
        live.getRegistry().bind("columnRows", new ColumnRows());
        live.getRegistry().bind("recordPipeline", new RecordPipeline(null, null, "http://127.0.0.1:9"));
        io.wlabridge.ops.Spool spool = new io.wlabridge.ops.Spool(Path.of("target/check-spool"));
        live.getRegistry().bind("recordSender", new RecordSender(DeliveryGuarantee.EXACTLY_ONCE, new java.util.Properties(),
                new java.util.Properties(), new java.util.Properties(), new SentLedger(dataSource), spool, 1000, "wla-bridge", 1000));
        live.getRegistry().bind("escalation", new Escalation(null, null));
        live.getRegistry().bind("spool", spool);
        live.getComponent("kafka", KafkaComponent.class).getConfiguration().setBrokers("127.0.0.1:9");
        live.start();
        avro.start();
        job = Files.readString(Path.of("routes/timetravel-daily.camel.yaml"));
    }

    @AfterEach
    void stop() {
        live.stop();
    }

    @Test
    void theJobFileAsItIsPassesAndLeavesTheLiveBeansRunning() {
        JobCatalog checked = check(job);

        assertThat(checked.job("timetravel-daily").topic()).isEqualTo("acc.timetravel.deviations");
        assertThat(avro.isStarted()).isTrue();
    }

    @Test
    void yamlSyntaxErrorIsRejected() {
        assertThatThrownBy(() -> check(job.replace("    routeId: timetravel-daily", "    routeId: [timetravel-daily")))
                .isInstanceOf(ConfigException.class).hasMessageStartingWith("cannot be loaded:");
    }

    @Test
    void missingClosingQuoteIsReportedOnItsLine() {
        assertThat(job.lines().toList().get(18)).endsWith("plusDays(1)}\"");

        assertThatThrownBy(() -> check(job.replace("plusDays(1)}\"", "plusDays(1)}")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("cannot be loaded: line 19, column 16: the quoted value that starts here does not"
                        + " end on its line - add the missing closing quote (the YAML parser noticed at line 23, column 17:");
    }

    @Test
    void unknownEndpointOptionIsRejected() {
        assertThatThrownBy(() -> check(job.replace("file:routes/timetravel-daily.sql", "file:routes/timetravel-daily.sql?fetchSizee=5")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("fetchSizee");
    }

    @Test
    void badSimpleExpressionIsRejected() {
        assertThatThrownBy(() -> check(job.replace("${body[ttDateTomorrow]} != ", "${body[ttDateTomorrow] != ")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("rule");
    }

    @Test
    void misspeltFieldInTheRuleIsRejectedWithTheClosestField() {
        assertThatThrownBy(() -> check(job.replace("${body[ttDateTomorrow]} != ", "${body[ttDateTommorow]} != ")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("parameter 'rule' reads field 'ttDateTommorow', which schema TimeTravelDeviation"
                        + " does not have (did you mean ttDateTomorrow?)");
    }

    @Test
    void missingSchemaIsRejected() {
        assertThatThrownBy(() -> check(job.replace("value: TimeTravelDeviation", "value: NoSuchRecord")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("NoSuchRecord.avsc does not exist");
    }

    @Test
    void misspeltParameterIsRejected() {
        assertThatThrownBy(() -> check(job.replace("name: keyColumn", "name: keyColumn\n        value: system_id\n      - name: keyColum")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("unknown parameter(s) [keyColum]");
    }

    @Test
    void anotherJobIdThanTheFileNameIsRejected() {
        assertThatThrownBy(() -> check(job.replace("timetravel-daily", "other-job").replace("file:routes/other-job.sql",
                "file:routes/timetravel-daily.sql"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("must hold exactly one job, 'timetravel-daily'");
    }

    private JobCatalog check(String content) {
        return new JobFileCheck(live, Path.of("schemas")).check(LOCATION, content, "timetravel-daily");
    }

    /** Stands in for the registry data format: the check must not stop the live one. */
    private static final class TrackedDataFormat extends ServiceSupport implements DataFormat {
        @Override
        public void marshal(Exchange exchange, Object graph, OutputStream stream) {
        }

        @Override
        public Object unmarshal(Exchange exchange, InputStream stream) {
            return null;
        }
    }
}
