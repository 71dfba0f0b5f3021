package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.DeflaterOutputStream;

import org.junit.jupiter.api.Test;

class LedgerTopicTest {

    @Test
    void entryComesBackAsWrittenWithIdsOfAnyCharacters() throws IOException {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            ids.add(String.format("SYS%08d|ACC|2026-12-02|2027-01-09", i));
        }
        ids.add("Müller|Zürich|€ \uD83D\uDE80");
        ids.add("");
        LedgerTopic.Entry entry = new LedgerTopic.Entry("run-1", "acc.timetravel.deviations", ids);

        byte[] value = LedgerTopic.encode(entry);

        assertThat(LedgerTopic.decode(value)).isEqualTo(entry);
        assertThat(value.length).as("compressed: the ids share most characters").isLessThan(ids.size() * 20);
    }

    @Test
    void recordsWrittenBeforeLz4AreStillRead() throws IOException {
        // the earlier format: the same fields in a zlib stream
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeUTF("run-0");
            out.writeUTF("topic-a");
            out.writeInt(2);
            out.writeUTF("a|1");
            out.writeUTF("b|2");
        }
        assertThat(LedgerTopic.decode(bytes.toByteArray()))
                .isEqualTo(new LedgerTopic.Entry("run-0", "topic-a", List.of("a|1", "b|2")));
    }

    @Test
    void theHashesReadFromAValueAreThoseOfItsIdsAsStrings() throws IOException {
        // ASCII ids are hashed from the bytes; the others (umlauts, an emoji, a NUL, which modified UTF-8 writes as two
        // bytes) are read as strings first: the index loaded from wla_sent_chunk must agree with the filter's own hash
        List<String> ids = List.of("SYS1|ACC|2026-12-02", "Müller|Zürich|€", "emoji \uD83D\uDE80", "nul\u0000inside", "");
        long[] expected = ids.stream().mapToLong(SentFilter::hash).toArray();

        assertThat(LedgerTopic.hashes(LedgerTopic.encode(new LedgerTopic.Entry("run-1", "topic-a", ids)))).containsExactly(expected);

        // a reconciled ledger record of the zlib format, stored in its row as it was
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new DeflaterOutputStream(bytes))) {
            out.writeUTF("run-0");
            out.writeUTF("topic-a");
            out.writeInt(ids.size());
            for (String id : ids) {
                out.writeUTF(id);
            }
        }
        assertThat(LedgerTopic.hashes(bytes.toByteArray())).containsExactly(expected);
    }

    @Test
    void aValueThatEndsEarlyHasNoHashes() {
        byte[] value = LedgerTopic.encode(new LedgerTopic.Entry("run-1", "t", List.of("x|1", "y|2")));
        // the count says three ids, the value holds two
        byte[] plain = new byte[java.nio.ByteBuffer.wrap(value, 1, 4).getInt()];
        net.jpountz.lz4.LZ4Factory.fastestInstance().safeDecompressor().decompress(value, 5, value.length - 5, plain, 0, plain.length);
        java.nio.ByteBuffer.wrap(plain, 2 + 5 + 2 + 1, 4).putInt(3);
        net.jpountz.lz4.LZ4Compressor compressor = net.jpountz.lz4.LZ4Factory.fastestInstance().fastCompressor();
        byte[] damaged = new byte[5 + compressor.maxCompressedLength(plain.length)];
        damaged[0] = value[0];
        java.nio.ByteBuffer.wrap(damaged, 1, 4).putInt(plain.length);
        int length = compressor.compress(plain, 0, plain.length, damaged, 5, damaged.length - 5);

        assertThatThrownBy(() -> LedgerTopic.hashes(java.util.Arrays.copyOf(damaged, 5 + length)))
                .isInstanceOf(IOException.class).hasMessageContaining("ends early");
    }

    @Test
    void aLengthThatDoesNotMatchTheContentIsAnError() {
        byte[] value = LedgerTopic.encode(new LedgerTopic.Entry("run-1", "t", List.of("x|1", "y|2")));
        int length = java.nio.ByteBuffer.wrap(value, 1, 4).getInt();
        java.nio.ByteBuffer.wrap(value, 1, 4).putInt(length + 10);
        assertThatThrownBy(() -> LedgerTopic.decode(value)).isInstanceOf(IOException.class);
        java.nio.ByteBuffer.wrap(value, 1, 4).putInt(Integer.MAX_VALUE);
        assertThatThrownBy(() -> LedgerTopic.decode(value)).isInstanceOf(IOException.class)
                .hasMessageContaining("impossible length");
    }

    @Test
    void aDamagedRecordIsAnErrorNotAWrongList() {
        byte[] value = LedgerTopic.encode(new LedgerTopic.Entry("run-1", "t", List.of("x|1", "y|2")));
        value[value.length - 1] ^= 0x5a;
        value[value.length - 3] ^= 0x5a;
        assertThatThrownBy(() -> LedgerTopic.decode(java.util.Arrays.copyOf(value, value.length - 2)))
                .isInstanceOf(IOException.class);
    }
}
