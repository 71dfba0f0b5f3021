package io.wlabridge.job;

import java.sql.SQLException;


/**
 * PostgreSQL's COPY for the sent ledger ({@link SentLedger}): the job's per-id rows of {@code wla_sent} into its index
 * (text format), hand-written against the format (PostgreSQL's COPY docs): pgjdbc's CopyManager moves the bytes,
 * nothing reachable reads them.
 */
final class SentCopy {

    private SentCopy() {
    }

    /**
     * PostgreSQL: the job's per-id rows of wla_sent into its index through COPY ... TO STDOUT, as their UTF-8 bytes: no
     * result set row and no string per id, which made loading a million recorded ids take a second at every run's
     * start. COPY's text format escapes a backslash and the control characters b, f, n, r, t and v with a backslash
     * (PostgreSQL's COPY docs); a line holding one is unescaped first. Hand-written: pgjdbc's CopyManager hands over
     * the lines, nothing reachable parses them.
     */
    static void copyOut(org.postgresql.core.BaseConnection connection, String jobId, SentIndex index) throws SQLException {
        StringBuilder literal = new StringBuilder();
        org.postgresql.core.Utils.escapeLiteral(literal, jobId, connection.getStandardConformingStrings());
        org.postgresql.copy.CopyOut copy = connection.getCopyAPI()
                .copyOut("COPY (SELECT event_id FROM wla_sent WHERE job_id = '" + literal + "') TO STDOUT");
        try {
            byte[] line;
            while ((line = copy.readFromCopy()) != null) {
                int end = line.length > 0 && line[line.length - 1] == '\n' ? line.length - 1 : line.length;
                int backslash = indexOf(line, (byte) '\\', 0, end);
                if (backslash < 0) {
                    index.addHash(SentFilter.hash(line, 0, end));
                } else {
                    byte[] plain = unescape(line, 0, end);
                    index.addHash(SentFilter.hash(plain, 0, plain.length));
                }
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
}
