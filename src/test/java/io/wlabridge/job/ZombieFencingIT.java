package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/**
 * A stuck instance of a job cannot commit once a second instance of the same job has started: the job's
 * transactional.id fences it, and what it had sent in its open transaction never becomes visible.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class ZombieFencingIT {

    private final JobFixture job = new JobFixture(SchemaRegistry.url());

    @Test
    void aSecondInstanceOfTheJobFencesTheFirstWhichCannotCommit() throws Exception {
        try (BridgeMain first = new BridgeMain(Options.parse("run", JobFixture.JOB).withOverrides(job.settings(Map.of()))).start();
                BridgeMain second = new BridgeMain(Options.parse("run", JobFixture.JOB).withOverrides(job.settings(Map.of()))).start()) {
            SendSession stuck = open(first, "A");
            stuck.send(List.of(record(first, "ZOMBIE")), List.of());

            SendSession takeover = open(second, "B");
            takeover.send(List.of(record(second, "CLAIMS")), List.of());
            takeover.finish();
            takeover.close();

            // the first instance wakes up and tries to commit its transaction
            assertThatThrownBy(stuck::finish).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("job " + JobFixture.JOB).hasMessageContaining("another instance of the job took over");
            stuck.close();
        }

        List<ConsumerRecord<String, byte[]>> events = job.read(job.topic);
        assertThat(events).extracting(ConsumerRecord::key).containsExactly("CLAIMS");
        assertThat(job.db.count("SELECT SUM(id_count) FROM wla_sent_chunk")).isEqualTo(1);
    }

    /**
     * What a takeover's filter relies on: reconciling from the position it read before loading its filter hands over a
     * ledger record that the other instance's writer recorded in wla_sent after that read (it is neither in the load
     * nor past the position recorded by then).
     */
    @Test
    void reconcilingFromAnEarlierPositionHandsOverWhatAnotherWriterRecordedMeanwhile() throws Exception {
        try (BridgeMain bridge = new BridgeMain(Options.parse("run", JobFixture.JOB).withOverrides(job.settings(Map.of()))).start()) {
            SentLedger ledger = new SentLedger(bridge.context().getRegistry().lookupByNameAndType("dataSource",
                    javax.sql.DataSource.class));
            SendSession first = open(bridge, "A");
            long before = ledger.position(JobFixture.JOB);
            first.send(List.of(record(bridge, "CLAIMS")), List.of());
            first.finish();
            first.close();
            long after = ledger.position(JobFixture.JOB);
            assertThat(after).isGreaterThan(before);

            RecordSender sender = bridge.context().getRegistry().lookupByNameAndType("recordSender", RecordSender.class);
            java.util.Properties consumer = io.wlabridge.kafka.ClientProperties.consumer(bridge.context(), "wla-ledger");
            List<String> fromNow = new java.util.ArrayList<>();
            sender.ledgerTopic(JobFixture.JOB).reconcile(JobFixture.JOB, consumer, ledger, chunk -> fromNow.addAll(chunk.eventIds()));
            List<String> fromBefore = new java.util.ArrayList<>();
            sender.ledgerTopic(JobFixture.JOB).reconcile(JobFixture.JOB, consumer, ledger, chunk -> fromBefore.addAll(chunk.eventIds()), before);

            assertThat(fromNow).as("from the position recorded now: nothing left").isEmpty();
            assertThat(fromBefore).singleElement().asString().startsWith("CLAIMS|");
            assertThat(ledger.position(JobFixture.JOB)).isEqualTo(after);
            assertThat(job.db.count("SELECT SUM(id_count) FROM wla_sent_chunk")).isEqualTo(1);
        }
    }

    private static SendSession open(BridgeMain bridge, String which) {
        JobRun run = new JobRun(bridge.setup().catalog().job(JobFixture.JOB), "test-" + which, JobFixture.RUN_DATE);
        return bridge.context().getRegistry().lookupByNameAndType("recordSender", RecordSender.class).open(run, null);
    }

    private static Outgoing record(BridgeMain bridge, String system) {
        RecordPipeline pipeline = bridge.context().getRegistry().lookupByNameAndType("recordPipeline", RecordPipeline.class);
        RecordBuilder builder = pipeline.builder(bridge.context(), bridge.setup().catalog().job(JobFixture.JOB), "run-" + system,
                JobFixture.RUN_DATE);
        return builder.build(Map.of("system_id", system, "environment", "ACC", "valid_on", JobFixture.RUN_DATE.toString(),
                "tt_date_today", JobFixture.TT.toString(), "tt_date_tomorrow", JobFixture.TT.plusDays(3).toString()));
    }
}
