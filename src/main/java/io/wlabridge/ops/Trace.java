package io.wlabridge.ops;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import io.wlabridge.job.JobCatalog;
import io.wlabridge.job.JobDefinition;
import io.wlabridge.job.RecordBuilder;
import io.wlabridge.job.SentLedger;

/**
 * Where a Kafka record came from ({@code trace}): from its headers (job, run, event id, replay) and the ledgers
 * (wla_sent_chunk, and wla_sent for ids of earlier versions: when and by which run it was recorded as sent; wla_run:
 * that run's trigger, start and outcome), as lines of "name value" for an operator.
 */
public final class Trace {

    private final JobCatalog catalog;
    private final SentLedger sent;
    private final RunLedger runs;

    public Trace(JobCatalog catalog, SentLedger sent, RunLedger runs) {
        this.catalog = catalog;
        this.sent = sent;
        this.runs = runs;
    }

    /** The record at a topic, partition and offset: what its headers say, then what the ledgers say of its event. */
    public List<String> of(ConsumerRecord<?, ?> record) throws SQLException {
        List<String> lines = new ArrayList<>();
        lines.add(line("record", record.topic() + ":" + record.partition() + "@" + record.offset() + " key=" + record.key()
                + " timestamp=" + java.time.Instant.ofEpochMilli(record.timestamp())));
        String eventId = header(record, RecordBuilder.EVENT_ID_HEADER);
        String jobId = header(record, RecordBuilder.JOB_ID_HEADER);
        String runId = header(record, RecordBuilder.RUN_ID_HEADER);
        String replay = header(record, RecordBuilder.REPLAY_HEADER);
        String error = header(record, "wla.error.message");
        if (eventId == null && error == null) {
            lines.add(line("origin", "not written by a WLA Bridge job: no " + RecordBuilder.EVENT_ID_HEADER + " header"));
            return lines;
        }
        if (error != null) {
            lines.add(line("origin", "dead letter of job " + jobId + " run " + runId + " (run date "
                    + header(record, RecordBuilder.RUN_DATE_HEADER) + "): " + error));
            run(runId, lines);
            return lines;
        }
        lines.add(line("origin", replay == null ? "sent by a run of its job"
                : "spool".equals(replay) ? "replayed from the local spool (wla-bridge replay)"
                : "replayed from a dead letter, revalidated (wla-bridge replay)"));
        List<String> event = event(eventId, jobId, jobId == null ? Optional.empty()
                : sent.find(eventId).stream().filter(s -> s.jobId().equals(jobId)).findFirst());
        lines.addAll(event);
        if (runId != null && event.stream().noneMatch(l -> l.contains(runId))) {
            lines.add(line("made-by", "run " + runId + " (the record's " + RecordBuilder.RUN_ID_HEADER + ")"));
            run(runId, lines);
        }
        return lines;
    }

    /** An event by its id, from the sent ledger: one block per job that recorded it; empty when none did. */
    public List<String> ofEvent(String eventId) throws SQLException {
        List<String> lines = new ArrayList<>();
        for (SentLedger.Sent found : sent.find(eventId)) {
            lines.addAll(event(eventId, found.jobId(), Optional.of(found)));
        }
        return lines;
    }

    private List<String> event(String eventId, String jobId, Optional<SentLedger.Sent> recorded) {
        List<String> lines = new ArrayList<>();
        lines.add(line("event", eventId));
        if (jobId == null) {
            return lines;
        }
        lines.add(line("job", jobId));
        if (catalog.contains(jobId)) {
            JobDefinition job = catalog.job(jobId);
            String[] values = eventId.split("\\|", -1);
            StringBuilder row = new StringBuilder();
            for (int i = 0; i < job.idColumns().size(); i++) {
                row.append(i == 0 ? "" : ", ").append(job.idColumns().get(i)).append('=')
                        .append(i < values.length ? values[i] : "?");
            }
            lines.add(line("row", row + " (the job's idColumns)"));
        }
        if (recorded.isEmpty()) {
            lines.add(line("sent", "not in the sent ledger (wla_sent_chunk, wla_sent): not sent yet, or sent by a run whose record is still to be"
                    + " reconciled (the job's next run or replay records it)"));
        } else {
            lines.add(line("sent", recorded.get().sentAt() + " to " + recorded.get().topic() + " by run " + recorded.get().runId()));
            run(recorded.get().runId(), lines);
        }
        return lines;
    }

    private void run(String runId, List<String> lines) {
        if (runId == null) {
            return;
        }
        Optional<LedgerRun> run = runs.byId(runId);
        lines.add(line("run " + runId.substring(0, Math.min(8, runId.length())), run
                .map(r -> "trigger " + r.trigger() + ", started " + r.startedAt() + ", outcome " + r.outcome()
                        + (r.error() == null ? "" : " (" + r.error() + ")"))
                .orElse("not in the run ledger (wla_run): a replay's run, or another database")));
    }

    private static String line(String name, String value) {
        return String.format("%-10s %s", name, value);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
