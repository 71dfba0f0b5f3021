package io.wlabridge.ops;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * One spool file: the records of one job run that Kafka could not take, append-only, each entry
 * {@code [int length][int CRC32C of the payload][payload]} (big-endian), fsync'd after every append. The payload is
 * the record exactly as it was to be produced: job id, event id, topic, key, headers and the serialised value
 * (Confluent wire format). The file name is {@code <job-id>--<run-id>.spool}.
 * <p>
 * Written by hand because no library on the classpath offers a small durable append-only record log; the layout is
 * the one Kafka's own log uses (length, checksum, payload).
 */
public final class SpoolFile {

    public static final String SUFFIX = ".spool";
    private static final String SEPARATOR = "--";
    private static final int MAX_ENTRY = 64 * 1024 * 1024;

    private SpoolFile() {
    }

    /** A record as it was to be produced. */
    public record Entry(String jobId, String eventId, String topic, String key, Map<String, byte[]> headers, byte[] value) {
    }

    /** What a spool file holds: its valid entries, and whether a damaged tail (a torn last write) followed them. */
    public record Contents(List<Entry> entries, boolean damagedTail) {
    }

    public static Path path(Path dir, String jobId, String runId) {
        return dir.resolve(jobId + SEPARATOR + runId + SUFFIX);
    }

    /** The job id of a spool file, from its name. */
    public static String jobId(Path file) {
        String name = file.getFileName().toString();
        int at = name.indexOf(SEPARATOR);
        return at < 0 ? name : name.substring(0, at);
    }

    /** The run id of a spool file, from its name. */
    public static String runId(Path file) {
        String name = file.getFileName().toString();
        int at = name.indexOf(SEPARATOR);
        return name.substring(at < 0 ? 0 : at + SEPARATOR.length(), name.length() - SUFFIX.length());
    }

    /** Appends the entries and forces them (and, for a new file, its directory entry) to disk before returning. */
    public static void append(Path file, List<Entry> entries) throws IOException {
        Files.createDirectories(file.getParent());
        boolean created = !Files.exists(file);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * entries.size());
        for (Entry entry : entries) {
            byte[] payload = payload(entry);
            CRC32C crc = new CRC32C();
            crc.update(payload);
            ByteBuffer head = ByteBuffer.allocate(8).putInt(payload.length).putInt((int) crc.getValue());
            bytes.write(head.array());
            bytes.write(payload);
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes.toByteArray());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        if (created) {
            forceDirectory(file.getParent());
        }
    }

    /** Reads every valid entry; stops at the first entry that is cut short or fails its checksum. */
    public static Contents read(Path file) throws IOException {
        List<Entry> entries = new ArrayList<>();
        try (Reader reader = new Reader(file)) {
            for (List<Entry> batch = reader.next(1000); !batch.isEmpty(); batch = reader.next(1000)) {
                entries.addAll(batch);
            }
            return new Contents(entries, reader.damagedTail());
        }
    }

    /** Reads a spool file a batch at a time, so a large spool need not fit in memory. */
    public static final class Reader implements AutoCloseable {
        private final DataInputStream data;
        private boolean ended;
        private boolean damaged;

        public Reader(Path file) throws IOException {
            this.data = new DataInputStream(new java.io.BufferedInputStream(Files.newInputStream(file)));
        }

        /** Up to {@code max} further valid entries; empty at the end or at a damaged entry. */
        public List<Entry> next(int max) throws IOException {
            List<Entry> entries = new ArrayList<>(Math.min(max, 1000));
            while (!ended && entries.size() < max) {
                Entry entry = readEntry();
                if (entry != null) {
                    entries.add(entry);
                }
            }
            return entries;
        }

        /** Whether reading stopped at an entry cut short or failing its checksum. */
        public boolean damagedTail() {
            return damaged;
        }

        private Entry readEntry() throws IOException {
            int length;
            try {
                length = data.readInt();
            } catch (EOFException end) {
                ended = true;
                return null;
            }
            try {
                int crcValue = data.readInt();
                if (length < 0 || length > MAX_ENTRY) {
                    return damaged();
                }
                byte[] payload = data.readNBytes(length);
                CRC32C crc = new CRC32C();
                crc.update(payload);
                if (payload.length != length || (int) crc.getValue() != crcValue) {
                    return damaged();
                }
                return entry(payload);
            } catch (EOFException torn) {
                return damaged();
            }
        }

        private Entry damaged() {
            ended = true;
            damaged = true;
            return null;
        }

        @Override
        public void close() throws IOException {
            data.close();
        }
    }

    private static byte[] payload(Entry entry) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128 + entry.value().length);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1); // entry format version
            string(out, entry.jobId());
            string(out, entry.eventId());
            string(out, entry.topic());
            string(out, entry.key());
            out.writeInt(entry.headers().size());
            for (Map.Entry<String, byte[]> header : entry.headers().entrySet()) {
                string(out, header.getKey());
                bytes(out, header.getValue());
            }
            bytes(out, entry.value());
        }
        return bytes.toByteArray();
    }

    private static Entry entry(byte[] payload) throws IOException {
        try (DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload))) {
            int version = in.readByte();
            if (version != 1) {
                throw new IOException("spool entry format " + version + " is unknown to this version of the bridge");
            }
            String jobId = string(in);
            String eventId = string(in);
            String topic = string(in);
            String key = string(in);
            int count = in.readInt();
            Map<String, byte[]> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                headers.put(string(in), bytes(in));
            }
            return new Entry(jobId, eventId, topic, key, headers, bytes(in));
        }
    }

    private static void string(DataOutputStream out, String value) throws IOException {
        bytes(out, value == null ? null : value.getBytes(StandardCharsets.UTF_8));
    }

    private static void bytes(DataOutputStream out, byte[] value) throws IOException {
        if (value == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(value.length);
            out.write(value);
        }
    }

    private static String string(DataInputStream in) throws IOException {
        byte[] value = bytes(in);
        return value == null ? null : new String(value, StandardCharsets.UTF_8);
    }

    private static byte[] bytes(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0) {
            return null;
        }
        byte[] value = in.readNBytes(length);
        if (value.length != length) {
            throw new EOFException();
        }
        return value;
    }

    private static void forceDirectory(Path dir) {
        // makes the new file's name durable too; not every platform lets a directory be opened (Windows), so best effort
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // the file's contents are forced already
        }
    }
}
