package io.wlabridge.job;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.common.header.Header;

/**
 * A run's send steps when nothing may leave (run --dry-run): each event the run would send is printed as one JSON
 * line (topic, key, headers, the record's fields); already-sent events are only counted, as a real run would. Nothing
 * is produced and nothing recorded: wla_sent_chunk and wla_sent are only read.
 */
final class DryRunSession implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobRun run;
    private final SentLedger ledger;
    private final PrintStream out;
    private final Set<String> printed = new HashSet<>();
    /** The job's recorded ids, read at the first chunk. */
    private SentIndex index;

    DryRunSession(JobRun run, SentLedger ledger, PrintStream out) {
        this.run = run;
        this.ledger = ledger;
        this.out = out;
    }

    void send(Chunk chunk) throws SQLException, JsonProcessingException {
        List<String> ids = new ArrayList<>();
        for (Chunk.Item item : chunk.items) {
            if (item.record != null) {
                ids.add(item.record.eventId());
            }
        }
        if (index == null) {
            index = ledger.index(run.jobId());
        }
        List<String> maybe = new ArrayList<>();
        for (String id : ids) {
            if (index.mayContain(id)) {
                maybe.add(id);
            }
        }
        Set<String> sent = maybe.isEmpty() ? Set.of() : index.recorded(maybe);
        for (Chunk.Item item : chunk.items) {
            Outgoing record = item.record;
            if (record == null) {
                continue;
            }
            if (sent.contains(record.eventId()) || !printed.add(record.eventId())) {
                run.countAlreadySent(1);
                continue;
            }
            out.println(JSON.writeValueAsString(line(record, item.fields)));
            run.countSent(1);
        }
    }

    private static Map<String, Object> line(Outgoing outgoing, Map<String, Object> fields) {
        Map<String, Object> headers = new LinkedHashMap<>();
        for (Header header : outgoing.record().headers()) {
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        Map<String, Object> value = new LinkedHashMap<>();
        fields.forEach((name, v) -> value.put(name, plain(v)));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("topic", outgoing.record().topic());
        line.put("key", outgoing.record().key());
        line.put("headers", headers);
        line.put("value", value);
        return line;
    }

    /** JSON's own types as they are; dates, times and the rest as their ISO text. */
    private static Object plain(Object value) {
        return value == null || value instanceof Number || value instanceof Boolean || value instanceof String ? value
                : value instanceof TemporalAccessor ? value.toString() : String.valueOf(value);
    }

    @Override
    public void close() {
        out.flush();
    }
}
