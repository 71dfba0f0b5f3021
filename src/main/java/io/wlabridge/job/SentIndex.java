package io.wlabridge.job;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a job has sent, as a run sees it (built by {@link SentLedger#index}): a Bloom filter of every id it recorded
 * ({@link SentFilter}: "certainly new" for almost every id) and, for its hits, where to look exactly: per chunk row of
 * {@code wla_sent_chunk} a small filter of that chunk's ids. A hit is looked for in the chunks whose filter holds it:
 * the chunk that held the last hit and its neighbours first (a rerun's hits come in the order the run sent them),
 * then all, newest first; a candidate chunk's ids are read from its row (the last few kept). Ids recorded one per row
 * in {@code wla_sent} (before chunks, or by hand) are looked up there, a hundred per query. About 6 bytes per id in
 * memory (3 in the filter, 3 in the chunks' filters). Not thread-safe: the run's route thread uses it.
 */
final class SentIndex {

    /** Decoded chunks kept: a rerun's hits come a chunk at a time. */
    private static final int DECODED = 16;

    private final SentLedger ledger;
    private final String jobId;
    private final SentFilter all;
    /** Whether wla_sent holds ids of the job one per row (looked up there when no chunk holds a hit). */
    private final boolean perIdRows;
    private final List<String> chunkKeys = new ArrayList<>();
    private final List<long[]> chunkFilters = new ArrayList<>();
    private int lastFound = -1;
    /** Ids found in a chunk, and chunk rows read to find them (see {@link #lookupsOutOfOrder}). */
    private long found;
    private long rowsRead;
    private final Map<String, Set<String>> decoded = new LinkedHashMap<>(DECODED * 2, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Set<String>> eldest) {
            return size() > DECODED;
        }
    };

    SentIndex(SentLedger ledger, String jobId, long expected, boolean perIdRows) {
        this.ledger = ledger;
        this.jobId = jobId;
        this.all = new SentFilter(expected);
        this.perIdRows = perIdRows;
    }

    /** Adds the id; true when it may have been added before (to be looked up), false when it certainly was not. */
    boolean add(String id) {
        return all.add(id);
    }

    /** Adds a chunk's ids by their {@link SentFilter#hash}es; seen[i]: whether hashes[i] may have been added before. */
    void add(long[] hashes, boolean[] seen) {
        all.addHashes(hashes, seen);
    }

    /** Adds an id by its {@link SentFilter#hash} (the per-id rows' load). */
    void addHash(long hash) {
        all.addHash(hash);
    }

    /** Whether the id may have been sent; adds nothing (a dry run). */
    boolean mayContain(String id) {
        return all.mayContain(SentFilter.hash(id));
    }

    /** A chunk recorded (or about to be) under the key: its ids' hashes go into the filter and the chunk's own. */
    void addChunk(String key, long[] hashes, boolean intoFilter) {
        if (intoFilter) {
            all.addHashes(hashes, null);
        }
        chunkKeys.add(key);
        chunkFilters.add(SentFilter.of(hashes));
    }

    /** A chunk of this run, handed to the sender: its ids (by their hashes) were added already. */
    void addChunk(String key, long[] hashes) {
        addChunk(key, hashes, false);
    }

    int chunks() {
        return chunkKeys.size();
    }

    /** Which of the ids are recorded: in a chunk row (see the class comment), or in wla_sent's per-id rows. */
    Set<String> recorded(Collection<String> ids) throws SQLException {
        Set<String> found = new HashSet<>();
        List<String> notInChunks = new ArrayList<>();
        for (String id : new java.util.LinkedHashSet<>(ids)) {
            if (inChunk(id)) {
                found.add(id);
            } else {
                notInChunks.add(id);
            }
        }
        if (perIdRows && !notInChunks.isEmpty()) {
            found.addAll(ledger.perIdRecorded(jobId, notInChunks));
        }
        return found;
    }

    private boolean inChunk(String id) throws SQLException {
        long hash = SentFilter.hash(id);
        int n = chunkKeys.size();
        if (lastFound >= 0) {
            for (int c = Math.max(0, lastFound - 1); c < Math.min(n, lastFound + 3); c++) {
                if (holds(c, id, hash)) {
                    return true;
                }
            }
        }
        for (int c = n - 1; c >= 0; c--) {
            if (holds(c, id, hash)) {
                return true;
            }
        }
        return false;
    }

    private boolean holds(int chunk, String id, long hash) throws SQLException {
        if (!SentFilter.mayContain(chunkFilters.get(chunk), hash)) {
            return false;
        }
        String key = chunkKeys.get(chunk);
        Set<String> chunkIds = decoded.get(key);
        if (chunkIds == null) {
            List<String> read = ledger.chunkIds(jobId, key);
            rowsRead++;
            if (read == null) {
                // no row (yet): a chunk of this run not recorded yet or spooled; it holds nothing now, and is read again
                return false;
            }
            chunkIds = new HashSet<>(read);
            decoded.put(key, chunkIds);
        }
        if (chunkIds.contains(id)) {
            lastFound = chunk;
            found++;
            return true;
        }
        return false;
    }

    /**
     * Whether this run found many ids sent whose chunks it had to read one after another (more than a thousand chunk
     * rows, and one for every fourth id or more): its rows came in another order than the run that sent them, so
     * the chunk of the row before rarely held the next one. A rerun that does so reads a chunk's row per row.
     */
    boolean lookupsOutOfOrder() {
        return rowsRead > 1_000 && rowsRead * 4 > found;
    }

    /** Chunk rows read to look up hits (for the warning and tests). */
    long rowsRead() {
        return rowsRead;
    }
}
