package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.registry.RegistryClientConfig;
import io.wlabridge.registry.SchemaRegistryClient;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/** `provision` against the in-process broker and the registry stand-in: exit codes as docs/topics-and-schemas.md and docs/commands.md document them. */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class ProvisionCommandIT {

    /** One broker: replication factor 1, so min.insync.replicas 1. */
    private static final Map<String, String> ONE_BROKER = Map.of(
            "wla.timetravel.replication-factor", "1", "wla.timetravel.min-insync-replicas", "1");

    private JobFixture job;
    private Admin admin;
    private ByteArrayOutputStream stdout = new ByteArrayOutputStream();

    @BeforeEach
    void fixture() {
        job = new JobFixture(SchemaRegistry.url());
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        admin = Admin.create(properties);
    }

    @AfterEach
    void closeAdmin() {
        admin.close();
    }

    @Test
    void dryRunReportsMissingTopicAndSchemaAndChangesNothing() throws Exception {
        assertThat(provision("--dry-run")).isEqualTo(3);

        assertThat(lines()).contains(
                "CHANGE topic " + job.topic + " (job timetravel-daily): missing - will create with 3 partitions,"
                        + " replication factor 1, configs {cleanup.policy=delete, min.insync.replicas=1, retention.ms=604800000}",
                "CHANGE subject " + job.topic + "-value (job timetravel-daily): schema TimeTravelDeviation not registered - will register");
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(job.topic);
        assertThat(registered()).isFalse();
        assertThat(subjectLevel()).isNull();
    }

    @Test
    void applyCreatesTopicRegistersSchemaSetsLevelThenNothingIsLeft() throws Exception {
        assertThat(provision("--apply")).isZero();

        var topic = admin.describeTopics(Set.of(job.topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(job.topic);
        assertThat(topic.partitions()).hasSize(3);
        Config config = topicConfig();
        assertThat(config.get("retention.ms").value()).isEqualTo("604800000");
        assertThat(config.get("cleanup.policy").value()).isEqualTo("delete");
        assertThat(config.get("min.insync.replicas").value()).isEqualTo("1");
        assertThat(subjectLevel()).isEqualTo("BACKWARD");
        assertThat(registered()).isTrue();

        stdout = new ByteArrayOutputStream();
        assertThat(provision("--dry-run")).isZero();
        assertThat(lines()).containsExactly("nothing to change");
    }

    @Test
    void configDriftOnTheBrokerIsReported() throws Exception {
        assertThat(provision("--apply")).isZero();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, job.topic);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                new ConfigEntry("retention.ms", "3600000"), AlterConfigOp.OpType.SET)))).all().get(30, TimeUnit.SECONDS);

        stdout = new ByteArrayOutputStream();
        assertThat(provision("--dry-run")).isEqualTo(3);
        assertThat(lines()).containsExactly("CHANGE topic " + job.topic
                + " (job timetravel-daily): config drift retention.ms: 3600000 -> 604800000 - will alter");

        stdout = new ByteArrayOutputStream();
        assertThat(provision("--apply")).isZero();
        assertThat(topicConfig().get("retention.ms").value()).isEqualTo("604800000");
    }

    @Test
    void morePartitionsThanDeclaredIsRefusedAndNothingChanges() throws Exception {
        KafkaBroker.broker().createTopic(job.topic, 5);

        assertThat(provision("--apply")).isEqualTo(1);

        assertThat(lines()).anyMatch(line -> line.startsWith("CANNOT topic " + job.topic
                + " (job timetravel-daily): has 5 partitions, declared 3")).contains("nothing applied: resolve the CANNOT lines first");
        assertThat(registered()).isFalse();
        assertThat(subjectLevel()).isNull();
        assertThat(admin.describeTopics(Set.of(job.topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(job.topic)
                .partitions()).hasSize(5);
    }

    @Test
    void incompatibleSchemaIsRefusedWithTheRegistrysReason() throws Exception {
        // an earlier version with only systemId: the declared schema adds fields without defaults, not BACKWARD
        Schema earlier = SchemaBuilder.record("TimeTravelDeviation").namespace("io.wlabridge.events.timetravel")
                .fields().requiredString("systemId").endRecord();
        new SchemaRegistryClient(RegistryClientConfig.of(SchemaRegistry.url())).register(job.topic + "-value", earlier);

        assertThat(provision("--dry-run")).isEqualTo(1);

        assertThat(lines()).anyMatch(line -> line.startsWith("CANNOT subject " + job.topic
                + "-value (job timetravel-daily): schema TimeTravelDeviation is incompatible with the latest version - cannot register: ")
                && line.contains("environment"));
        assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).doesNotContain(job.topic);
    }

    private Config topicConfig() throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, job.topic);
        return admin.describeConfigs(Set.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource);
    }

    /** The subject's own level as the stand-in answers GET /config/{subject}; null when it has none. */
    private String subjectLevel() throws Exception {
        HttpResponse<String> reply = get("/config/" + job.topic + "-value");
        return reply.statusCode() == 404 ? null : reply.body().replaceAll(".*\"compatibilityLevel\"\\s*:\\s*\"([A-Z_]+)\".*", "$1");
    }

    private boolean registered() throws Exception {
        return get("/subjects").body().contains("\"" + job.topic + "-value\"");
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(SchemaRegistry.url() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int provision(String mode) {
        Options options = Options.parse("provision", mode).withOverrides(job.settings(ONE_BROKER));
        return ProvisionCommand.execute(options, new PrintStream(stdout, true, StandardCharsets.UTF_8));
    }

    private List<String> lines() {
        return stdout.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
