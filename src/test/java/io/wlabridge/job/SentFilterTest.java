package io.wlabridge.job;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The already-sent filter never forgets an id, grows past its first size, and rarely claims an id it never saw. */
class SentFilterTest {

    @Test
    void everyAddedIdIsAHitAndFewNewOnesAre() {
        SentFilter filter = new SentFilter(0);
        int n = 2_500_000; // past the first filter's capacity of 1,000,000: a second and a third are added
        int falseHits = 0;
        for (int i = 0; i < n; i++) {
            if (filter.add("SYS" + i + "|ACC|2026-12-02")) {
                falseHits++;
            }
        }
        for (int i = 0; i < n; i += 997) {
            assertThat(filter.add("SYS" + i + "|ACC|2026-12-02")).as("id %d was added before", i).isTrue();
        }
        // "a few in 10,000" (SentFilter; these ids give 159, under one in 10,000): two in 10,000 fails a filter whose
        // blocks or bits are badly spread
        assertThat(falseHits).as("ids claimed before they were added").isLessThan(n / 5000);
    }

    @Test
    void anIdAddedAsUtf8BytesIsAHitAsAStringAndTheOtherWayRound() {
        SentFilter filter = new SentFilter(0);
        java.util.List<String> ids = java.util.List.of("SYS1|ACC|2026-12-02", "Müller|Zürich|€", "emoji \uD83D\uDE80", "",
                "tab\there");
        for (String id : ids) {
            byte[] utf8 = ("x" + id + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
            filter.add(utf8, 1, utf8.length - 1); // as the ledger's COPY hands them over: within a longer buffer
        }
        for (String id : ids) {
            assertThat(SentFilter.hash(id)).as(id)
                    .isEqualTo(SentFilter.hash(id.getBytes(java.nio.charset.StandardCharsets.UTF_8), 0,
                            id.getBytes(java.nio.charset.StandardCharsets.UTF_8).length));
            assertThat(filter.add(id)).as("%s was added as bytes", id).isTrue();
        }
        SentFilter other = new SentFilter(0);
        other.add("Müller|Zürich|€");
        byte[] utf8 = "Müller|Zürich|€".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(other.add(utf8, 0, utf8.length)).isTrue();
    }

    @Test
    void aChunkAddedAtOnceAnswersAsItsIdsAddedOneByOneAlsoWhereTheFilterGrows() {
        SentFilter byChunk = new SentFilter(0);
        SentFilter oneByOne = new SentFilter(0);
        int chunk = 1_000;
        // 1,500 chunks: one of them crosses the first filter's capacity of 1,000,000 ids, and each id of every
        // third chunk was added two chunks before (a rerun's ids among new ones)
        for (int c = 0; c < 1_500; c++) {
            long[] hashes = new long[chunk];
            for (int i = 0; i < chunk; i++) {
                int id = c % 3 == 2 ? (c - 2) * chunk + i : c * chunk + i;
                hashes[i] = SentFilter.hash("SYS" + id + "|ACC|2026-12-02");
            }
            boolean[] seen = new boolean[chunk];
            byChunk.addHashes(hashes, seen);
            for (int i = 0; i < chunk; i++) {
                assertThat(seen[i]).as("chunk %d, id %d", c, i).isEqualTo(oneByOne.addHash(hashes[i]));
                if (c % 3 == 2) {
                    assertThat(seen[i]).as("chunk %d, id %d was added before", c, i).isTrue();
                }
            }
        }
    }
}
