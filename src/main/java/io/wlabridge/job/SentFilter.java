package io.wlabridge.job;

import java.util.ArrayList;
import java.util.List;


/**
 * Event ids that may have been sent: blocked Bloom filters (each id sets 8 bits within one 512-bit block, so a test or
 * an add touches one cache line; 24 bits per id, a few false positives in 10,000), a new one twice the size added whenever
 * the newest is full, so a run of any length keeps its false-positive rate without knowing its size beforehand.
 * Written here because Guava's BloomFilter cannot grow, sets each of its bits with an atomic update at a random place
 * in memory and hashes once to test and again to add, which cost a run more than mapping its rows. Not thread-safe.
 */
final class SentFilter {

    private static final int FIRST_CAPACITY = 1_000_000;
    private static final int BITS_PER_ID = 24;
    private static final int BITS_SET = 8;
    private static final int BLOCK_WORDS = 8;

    private final List<long[]> filters = new ArrayList<>();
    private long capacity;
    private long inNewest;

    SentFilter(long expected) {
        grow(Math.max(FIRST_CAPACITY, expected * 2));
    }

    /** Adds the id; true when it may have been there before (to be checked exactly), false when it certainly was not. */
    boolean add(String id) {
        return addHash(hash(id));
    }

    /** Adds an id given as its UTF-8 bytes (as the sent ledger reads them), the same as {@link #add(String)}. */
    boolean add(byte[] utf8, int from, int to) {
        return addHash(hash(utf8, from, to));
    }

    /** Adds an id by its {@link #hash}. */
    boolean addHash(long hash) {
        if (inNewest >= capacity) {
            grow(capacity * 2);
        }
        int newest = filters.size() - 1;
        boolean seen = false;
        for (int f = 0; f < newest && !seen; f++) {
            seen = test(filters.get(f), hash, false);
        }
        seen |= test(filters.get(newest), hash, true);
        inNewest++;
        return seen;
    }

    /**
     * Adds a chunk's ids by their {@link #hash}es; seen, when not null, gets for each whether it may have been added
     * before (as {@link #addHash} answers). First one load of each id's block in every filter: those loads do not wait
     * for each other, so the processor fetches the chunk's blocks from memory side by side (a filter of millions of ids
     * is far larger than the cache, and the route thread waited for a block per id); then the adds, from the cache.
     */
    void addHashes(long[] hashes, boolean[] seen) {
        if (inNewest + hashes.length <= capacity) {
            long touched = 0;
            for (long[] filter : filters) {
                int blocks = filter.length / BLOCK_WORDS;
                for (long hash : hashes) {
                    touched += filter[blockOf(hash, blocks)];
                }
            }
            sink = touched;
        }
        for (int i = 0; i < hashes.length; i++) {
            boolean before = addHash(hashes[i]);
            if (seen != null) {
                seen[i] = before;
            }
        }
    }

    /** Where the touching loads' sum goes, so that the compiler keeps them. */
    @SuppressWarnings("unused")
    private static volatile long sink;

    /** An id's block (its first word) among blocks: from the hash's upper 32 bits by multiply-and-shift. */
    private static int blockOf(long hash, int blocks) {
        // Lemire's range reduction: a 64-bit division per filter and id was a visible part of the filter's time
        return (int) (((hash >>> 32) * blocks) >>> 32) * BLOCK_WORDS;
    }

    /** Whether the id (by its {@link #hash}) may have been added; false when it certainly was not. Adds nothing. */
    boolean mayContain(long hash) {
        for (long[] filter : filters) {
            if (test(filter, hash, false)) {
                return true;
            }
        }
        return false;
    }

    /**
     * A filter of a fixed set of ids (a chunk's, see {@link SentIndex}), as the blocks of this one: the same bits per
     * id, so the same false-positive rate.
     */
    static long[] of(long[] hashes) {
        long words = ((long) hashes.length * BITS_PER_ID + 63) / 64;
        long[] bits = new long[(int) Math.max(BLOCK_WORDS, words + (BLOCK_WORDS - words % BLOCK_WORDS) % BLOCK_WORDS)];
        for (long hash : hashes) {
            test(bits, hash, true);
        }
        return bits;
    }

    /** Whether a filter made by {@link #of} may hold the id. */
    static boolean mayContain(long[] bits, long hash) {
        return test(bits, hash, false);
    }

    /**
     * 64-bit FNV-1a over the id's UTF-8 bytes, finished with murmur3's fmix64: cheap and well spread. Guava's murmur3
     * was the first choice, but it builds a streaming hasher per id, which cost more than the rest of the filter.
     * Bytes, not chars, so the ledger's ids need not become strings to be added; an ASCII id's chars are its bytes.
     */
    static long hash(String id) {
        long h = FNV_OFFSET;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = id.getBytes(java.nio.charset.StandardCharsets.UTF_8);
                return hash(utf8, 0, utf8.length);
            }
            h ^= c;
            h *= FNV_PRIME;
        }
        return finish(h);
    }

    static long hash(byte[] utf8, int from, int to) {
        long h = FNV_OFFSET;
        for (int i = from; i < to; i++) {
            h ^= utf8[i] & 0xff;
            h *= FNV_PRIME;
        }
        return finish(h);
    }

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;

    private static long finish(long hash) {
        long h = hash;
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        h *= 0xc4ceb9fe1a85ec53L;
        h ^= h >>> 33;
        return h;
    }

    /** Whether the id's bits are all set in its block; with set, sets them (and says whether all were set before). */
    private static boolean test(long[] bits, long hash, boolean set) {
        int block = blockOf(hash, bits.length / BLOCK_WORDS);
        long g = hash;
        if (set) {
            // without a branch on each bit: whether a bit of a new id is set is a coin toss the processor cannot
            // predict, and eight mispredictions per id cost more than the rest of the add
            long missing = 0;
            for (int i = 0; i < BITS_SET; i++) {
                g += 0x9E3779B97F4A7C15L;
                int position = position(g);
                int word = block + (position >>> 6);
                long mask = 1L << position;
                long was = bits[word];
                missing |= mask & ~was;
                bits[word] = was | mask;
            }
            return missing == 0;
        }
        for (int i = 0; i < BITS_SET; i++) {
            g += 0x9E3779B97F4A7C15L;
            int position = position(g);
            if ((bits[block + (position >>> 6)] & (1L << position)) == 0) {
                return false;
            }
        }
        return true;
    }

    /** A splitmix64 step's output as a bit's place in a 512-bit block: independent places for the id's 8 bits. */
    private static int position(long g) {
        long z = (g ^ (g >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return (int) ((z ^ (z >>> 31)) & 511);
    }

    private void grow(long ids) {
        long words = (ids * BITS_PER_ID + 63) / 64;
        words = Math.max(BLOCK_WORDS, words - words % BLOCK_WORDS);
        filters.add(new long[(int) Math.min(Integer.MAX_VALUE - 8 - BLOCK_WORDS, words)]);
        capacity = ids;
        inNewest = 0;
    }
}
