package io.wlabridge.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.record.CompressionType;
import org.apache.kafka.common.record.FileRecords;
import org.apache.kafka.common.record.RecordBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import ch.qos.logback.classic.Level;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.testing.ConfluentDecoder;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.LogCapture;
import io.wlabridge.testing.SchemaRegistry;

/**
 * Producer settings and per-job record envelope against the in-process broker: CloudEvents headers and gzip
 * batches on the records as the broker stored them, the key strategies, acks=1 without idempotence.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class ProducerSettingsIT {

    private JobFixture job;

    @BeforeEach
    void freshSchemaAndTopics() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(2).toString());
    }

    @Test
    void cloudEventsHeadersAndGzipBatchesReachTheBroker() throws Exception {
        JobRun run = job.run(Map.of("wla.kafka.compression", "gzip", "wla.timetravel.cloud-events", "true"));

        assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        List<ConsumerRecord<String, byte[]>> records = job.read(job.topic);
        assertThat(records).hasSize(2);
        ConsumerRecord<String, byte[]> claims = records.stream().filter(r -> "CLAIMS".equals(r.key())).findFirst().orElseThrow();
        assertThat(JobFixture.header(claims, "ce_specversion")).isEqualTo("1.0");
        assertThat(JobFixture.header(claims, "ce_id")).isEqualTo(JobFixture.header(claims, "wla.event.id")).startsWith("CLAIMS|");
        assertThat(JobFixture.header(claims, "ce_type")).isEqualTo("io.wlabridge.events.timetravel.TimeTravelDeviation");
        assertThat(JobFixture.header(claims, "ce_source")).isEqualTo("/wla-bridge/" + JobFixture.JOB);
        assertThat(JobFixture.header(claims, "ce_subject")).isEqualTo("CLAIMS");
        assertThat(Instant.parse(JobFixture.header(claims, "ce_time"))).isBetween(Instant.now().minusSeconds(300), Instant.now());
        assertThat(JobFixture.header(claims, "ce_dataschema"))
                .isEqualTo(SchemaRegistry.url() + "/subjects/" + job.topic + "-value/versions/1");
        assertThat(JobFixture.header(claims, "content-type")).isEqualTo("application/avro");
        assertThat(new ConfluentDecoder(SchemaRegistry.url()).decode(claims.value()).get("systemId")).hasToString("CLAIMS");

        assertThat(batchCompression(job.topic)).isNotEmpty().containsOnly(CompressionType.GZIP);
    }

    @Test
    void withoutCloudEventsNoCeHeadersAndBatchesAreLz4ByDefaultOrUncompressedWhenSetToNone() throws Exception {
        assertThat(job.run(Map.of()).outcome()).isEqualTo(RunOutcome.SUCCEEDED);

        List<ConsumerRecord<String, byte[]>> records = job.read(job.topic);
        assertThat(records).hasSize(2).allSatisfy(r -> assertThat(r.headers().lastHeader("ce_id")).isNull());
        // wla.kafka.compression=auto: lz4 on a broker that is not Azure Event Hubs
        assertThat(batchCompression(job.topic)).containsOnly(CompressionType.LZ4);

        JobFixture plain = new JobFixture(SchemaRegistry.url());
        plain.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        assertThat(plain.run(Map.of("wla.kafka.compression", "none")).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(plain.read(plain.topic)).hasSize(1);
        assertThat(batchCompression(plain.topic)).containsOnly(CompressionType.NONE);
    }

    @Test
    void partitionKeyNoneSendsNoKeyAndStaticSendsOneKey() throws Exception {
        assertThat(job.run(Map.of("wla.timetravel.partition-key", "none")).outcome()).isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(job.read(job.topic)).hasSize(2).allSatisfy(r -> assertThat(r.key()).isNull());

        JobFixture other = new JobFixture(SchemaRegistry.url());
        other.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        other.row("LEDGER", JobFixture.TT.toString(), JobFixture.TT.plusDays(2).toString());
        assertThat(other.run(Map.of("wla.timetravel.partition-key", "static:timetravel")).outcome())
                .isEqualTo(RunOutcome.SUCCEEDED);
        assertThat(other.read(other.topic)).hasSize(2).allSatisfy(r -> assertThat(r.key()).isEqualTo("timetravel"));
    }

    @Test
    void acksOneSendsWithoutIdempotenceAndSaysSo() throws Exception {
        try (LogCapture logs = new LogCapture()) {
            assertThat(job.run(Map.of("wla.kafka.acks", "1")).outcome()).isEqualTo(RunOutcome.SUCCEEDED);

            assertThat(logs.lines(Level.WARN)).anyMatch(l -> l.contains("wla.kafka.acks=1") && l.contains("not idempotent"));
        }
        assertThat(job.read(job.topic)).hasSize(2);
    }

    /** The compression of every data batch of the topic's partition 0, read from the broker's own log segments. */
    private static List<CompressionType> batchCompression(String topic) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        List<CompressionType> types = new ArrayList<>();
        try (Admin admin = Admin.create(props)) {
            Map<Integer, Map<String, LogDirDescription>> dirs = admin.describeLogDirs(admin.describeCluster().nodes()
                    .get(30, TimeUnit.SECONDS).stream().map(org.apache.kafka.common.Node::id).toList())
                    .allDescriptions().get(30, TimeUnit.SECONDS);
            for (Map<String, LogDirDescription> byPath : dirs.values()) {
                for (String path : byPath.keySet()) {
                    File partition = new File(path, topic + "-0");
                    File[] segments = partition.listFiles((d, name) -> name.endsWith(".log"));
                    if (segments == null) {
                        continue;
                    }
                    for (File segment : segments) {
                        try (FileRecords records = FileRecords.open(segment)) {
                            for (RecordBatch batch : records.batches()) {
                                // a transaction's commit marker is a control batch, never compressed
                                if (!batch.isControlBatch()) {
                                    types.add(batch.compressionType());
                                }
                            }
                        }
                    }
                }
            }
        }
        return types;
    }
}
