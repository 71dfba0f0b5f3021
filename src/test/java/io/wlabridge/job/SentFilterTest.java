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
        assertThat(falseHits).as("ids claimed before they were added").isLessThan(n / 100);
    }
}
