package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The spool file format: what is appended is read back byte for byte; a torn or corrupted tail is detected. */
class SpoolFileTest {

    @TempDir
    Path dir;

    @Test
    void appendedEntriesAreReadBackExactlyAcrossAppends() throws Exception {
        Path file = SpoolFile.path(dir, "orders-daily", "6f1c3a52-0000-4000-8000-000000000001");
        SpoolFile.append(file, List.of(entry("A", new byte[] {0, 0, 0, 0, 7, 2, 65}), entry(null, new byte[0])));
        SpoolFile.append(file, List.of(entry("C", new byte[] {0, 1, 2})));

        SpoolFile.Contents contents = SpoolFile.read(file);

        assertThat(contents.damagedTail()).isFalse();
        assertThat(contents.entries()).hasSize(3);
        SpoolFile.Entry first = contents.entries().get(0);
        assertThat(first.jobId()).isEqualTo("orders-daily");
        assertThat(first.topic()).isEqualTo("orders.large");
        assertThat(first.key()).isEqualTo("A");
        assertThat(first.eventId()).isEqualTo("id-A");
        assertThat(first.value()).containsExactly(0, 0, 0, 0, 7, 2, 65);
        assertThat(new String(first.headers().get("wla.event.id"), StandardCharsets.UTF_8)).isEqualTo("id-A");
        assertThat(contents.entries().get(1).key()).isNull();
        assertThat(contents.entries().get(1).value()).isEmpty();
        assertThat(contents.entries().get(2).key()).isEqualTo("C");
        assertThat(SpoolFile.jobId(file)).isEqualTo("orders-daily");
        assertThat(SpoolFile.runId(file)).isEqualTo("6f1c3a52-0000-4000-8000-000000000001");
    }

    @Test
    void aWriteCutShortKeepsTheEntriesBeforeItAndSaysTheTailIsDamaged() throws Exception {
        Path file = SpoolFile.path(dir, "orders-daily", "run-1");
        SpoolFile.append(file, List.of(entry("A", new byte[] {1}), entry("B", new byte[] {2})));
        long whole = Files.size(file);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.truncate(whole - 3);
        }

        SpoolFile.Contents contents = SpoolFile.read(file);

        assertThat(contents.damagedTail()).isTrue();
        assertThat(contents.entries()).extracting(SpoolFile.Entry::key).containsExactly("A");
    }

    @Test
    void aFlippedByteFailsTheChecksum() throws Exception {
        Path file = SpoolFile.path(dir, "orders-daily", "run-2");
        SpoolFile.append(file, List.of(entry("A", new byte[] {1, 2, 3})));
        long last = Files.size(file) - 1;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, last);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0xFF)}), last);
        }

        SpoolFile.Contents contents = SpoolFile.read(file);

        assertThat(contents.damagedTail()).isTrue();
        assertThat(contents.entries()).isEmpty();
    }

    private static SpoolFile.Entry entry(String key, byte[] value) {
        Map<String, byte[]> headers = new LinkedHashMap<>();
        headers.put("wla.event.id", ("id-" + key).getBytes(StandardCharsets.UTF_8));
        return new SpoolFile.Entry("orders-daily", "id-" + key, "orders.large", key, headers, value);
    }
}
