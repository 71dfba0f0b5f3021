package io.wlabridge.job;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;

import org.postgresql.PGConnection;

/**
 * PostgreSQL's COPY for the sent ledger ({@link SentLedger}): the job's recorded ids out of {@code wla_sent} into the
 * already-sent filter (text format), and a batch of ids into it (binary format). Both hand-written against the format
 * (PostgreSQL's COPY docs): pgjdbc's CopyManager moves the bytes, nothing reachable reads or writes them.
 */
final class SentCopy {

    private SentCopy() {
    }

    /**
     * PostgreSQL: the job's ids into the filter through COPY ... TO STDOUT, as their UTF-8 bytes: no result set row
     * and no string per id, which made loading a million recorded ids take a second at every run's start. COPY's text
     * format escapes a backslash and the control characters b, f, n, r, t and v with a backslash (PostgreSQL's COPY
     * docs); a line holding one is unescaped first. Hand-written: pgjdbc's CopyManager hands over the lines, nothing
     * reachable parses them.
     */
    static void copyOut(org.postgresql.core.BaseConnection connection, String jobId, int newest,
            SentFilter filter, long[] loaded) throws SQLException {
        StringBuilder literal = new StringBuilder();
        org.postgresql.core.Utils.escapeLiteral(literal, jobId, connection.getStandardConformingStrings());
        org.postgresql.copy.CopyOut copy = connection.getCopyAPI()
                .copyOut("COPY (SELECT generation, event_id FROM wla_sent WHERE job_id = '" + literal + "') TO STDOUT");
        try {
            byte[] line;
            while ((line = copy.readFromCopy()) != null) {
                int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
                // the generation's digits, a tab, the id
                int generation = 0;
                int from = 0;
                boolean negative = from < end && line[from] == '-';
                if (negative) {
                    from++;
                }
                while (from < end && line[from] != '\t') {
                    generation = generation * 10 + (line[from++] - '0');
                }
                if ((negative ? -generation : generation) == newest) {
                    loaded[1]++;
                }
                from++;
                int backslash = indexOf(line, (byte) '\\', from, end);
                if (backslash < 0) {
                    filter.add(line, from, end);
                } else {
                    byte[] plain = unescape(line, from, end);
                    filter.add(plain, 0, plain.length);
                }
                loaded[0]++;
            }
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static int indexOf(byte[] line, byte b, int from, int end) {
        for (int i = from; i < end; i++) {
            if (line[i] == b) {
                return i;
            }
        }
        return -1;
    }

    /** A COPY text line's value from {@code from} without its escapes (COPY TO writes no octal or hex sequences). */
    static byte[] unescape(byte[] line, int from, int end) {
        java.io.ByteArrayOutputStream plain = new java.io.ByteArrayOutputStream(end - from);
        for (int i = from; i < end; i++) {
            byte b = line[i];
            if (b != '\\' || i + 1 >= end) {
                plain.write(b);
                continue;
            }
            byte next = line[++i];
            switch (next) {
                case 'b' -> plain.write('\b');
                case 'f' -> plain.write('\f');
                case 'n' -> plain.write('\n');
                case 'r' -> plain.write('\r');
                case 't' -> plain.write('\t');
                case 'v' -> plain.write(0x0b);
                default -> plain.write(next);
            }
        }
        return plain.toByteArray();
    }

    /**
     * PostgreSQL: the rows in one COPY (the driver's CopyManager), several times the rate of batched INSERTs; the sent
     * ledger's write rate bounds a run's rate once Kafka is fast. Written here straight into bytes in COPY's binary
     * format (PostgreSQL's COPY docs, "Binary Format": a header, per row a field count and each field as its length and
     * its bytes, a trailer; text as UTF-8, the driver's client encoding; integer and timestamp in network order): the
     * server parses no text, which took a million rows' COPY from 3.05 s in CSV to 2.35 s (psql, medians of six,
     * session 13). Hand-written: pgjdbc hands bytes to COPY but has no writer of the format (CSV before this was
     * written here too, as commons-csv built strings per value).
     */
    static void copyIn(PGConnection connection, String jobId, int generation, String runId, String topic,
            List<String> eventIds, Timestamp now) throws SQLException {
        java.nio.ByteBuffer row = java.nio.ByteBuffer.allocate(64 + 3 * (jobId.length() + runId.length() + topic.length()));
        row.putShort((short) (now == null ? 5 : 6));
        putText(row, jobId);
        byte[] before = java.util.Arrays.copyOf(row.array(), row.position());
        row.clear();
        putText(row, runId);
        putText(row, topic);
        row.putInt(4).putInt(generation);
        if (now != null) {
            // timestamp without time zone: microseconds since 2000-01-01 00:00 of the wall clock (the JVM's zone, as
            // the Timestamps written by the other databases' INSERTs)
            row.putInt(8).putLong(java.time.temporal.ChronoUnit.MICROS.between(PG_EPOCH, now.toLocalDateTime()));
        }
        byte[] after = java.util.Arrays.copyOf(row.array(), row.position());
        // sent_at left to its default (LOCALTIMESTAMP: the COPY's transaction start) when the table has one
        org.postgresql.copy.CopyIn copy = connection.getCopyAPI().copyIn("COPY wla_sent (job_id, event_id, run_id, topic,"
                + " generation" + (now == null ? "" : ", sent_at") + ") FROM STDIN WITH (FORMAT binary)");
        try {
            byte[] buffer = new byte[COPY_BUFFER];
            System.arraycopy(BINARY_HEADER, 0, buffer, 0, BINARY_HEADER.length);
            int used = BINARY_HEADER.length;
            for (String eventId : eventIds) {
                int room = before.length + after.length + 4 + eventId.length() * 3 + 2;
                if (used + room > buffer.length) {
                    copy.writeToCopy(buffer, 0, used);
                    used = 0;
                    if (room > buffer.length) {
                        buffer = new byte[room];
                    }
                }
                System.arraycopy(before, 0, buffer, used, before.length);
                used += before.length;
                int end = utf8(eventId, buffer, used + 4);
                putInt(buffer, used, end - used - 4);
                used = end;
                System.arraycopy(after, 0, buffer, used, after.length);
                used += after.length;
            }
            // the trailer: a field count of -1
            buffer[used++] = (byte) 0xff;
            buffer[used++] = (byte) 0xff;
            copy.writeToCopy(buffer, 0, used);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
    }

    private static final int COPY_BUFFER = 64 * 1024;
    /** The binary format's signature, flags (0) and header extension length (0). */
    private static final byte[] BINARY_HEADER = { 'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xff, '\r', '\n', 0,
            0, 0, 0, 0, 0, 0, 0, 0 };
    private static final java.time.LocalDateTime PG_EPOCH = java.time.LocalDateTime.of(2000, 1, 1, 0, 0);

    /** A text field: its UTF-8 length, then its bytes. */
    private static void putText(java.nio.ByteBuffer row, String value) {
        byte[] utf8 = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        row.putInt(utf8.length).put(utf8);
    }

    private static void putInt(byte[] buffer, int at, int value) {
        buffer[at] = (byte) (value >>> 24);
        buffer[at + 1] = (byte) (value >>> 16);
        buffer[at + 2] = (byte) (value >>> 8);
        buffer[at + 3] = (byte) value;
    }

    /** The value as UTF-8 into the buffer (room for 3 bytes per char checked by the caller); returns the end. */
    private static int utf8(String value, byte[] buffer, int at) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x80) {
                buffer[at++] = (byte) c;
            } else {
                int end = i + 1;
                while (end < value.length() && value.charAt(end) >= 0x80) {
                    end++;
                }
                byte[] utf8 = value.substring(i, end).getBytes(java.nio.charset.StandardCharsets.UTF_8);
                System.arraycopy(utf8, 0, buffer, at, utf8.length);
                at += utf8.length;
                i = end - 1;
            }
        }
        return at;
    }
}
