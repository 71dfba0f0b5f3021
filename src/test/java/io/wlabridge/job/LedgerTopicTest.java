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
