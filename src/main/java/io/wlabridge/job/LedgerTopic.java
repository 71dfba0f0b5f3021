package io.wlabridge.job;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.zip.InflaterInputStream;

import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Factory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's ledger topic ({@code <prefix>.ledger.<job-id>}, one partition, written only by the job's transactional
 * producer): per chunk one record naming the events sent, in the same Kafka transaction as the events. Kafka commits
 * both or neither, so the ledger topic is the exact record of what a job sent; {@link #reconcile} copies what
 * {@code wla_sent} is missing (a process killed after Kafka's commit) into it at the start of every run, the way
 * Kafka Connect's exactly-once source connectors read their offsets topic on start (docs: README "Delivery guarantee").
 * The value is written by hand (run id, topic, event ids, LZ4-compressed): no library on the classpath has a compact
 * format for a list of strings that needs no schema.
 */
public final class LedgerTopic {

    private static final Logger LOG = LoggerFactory.getLogger(LedgerTopic.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);

    /** One ledger record: the events of one chunk. */
    public record Entry(String runId, String topic, List<String> eventIds) {
    }

    /** Ledger topics known to exist (per cluster), so a run asks Kafka once per process. */
    private static final java.util.Set<String> KNOWN = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final String name;
    private final TopicPartition partition;

    public LedgerTopic(String prefix, String jobId) {
        this.name = prefix + ".ledger." + jobId;
        this.partition = new TopicPartition(name, 0);
    }

    public String name() {
        return name;
    }

    /** Creates the topic when missing: one partition, compact,delete with the given retention. */
    public void createIfMissing(Properties adminProperties, int replicationFactor, long retentionMs) {
        if (KNOWN.contains(adminProperties.get("bootstrap.servers") + "/" + name)) {
            return;
        }
        try (Admin admin = Admin.create(adminProperties)) {
            if (admin.listTopics().names().get().contains(name)) {
                return;
            }
            int brokers = admin.describeCluster().nodes().get().size();
            NewTopic topic = new NewTopic(name, 1, (short) Math.max(1, Math.min(replicationFactor, brokers)))
                    .configs(Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(retentionMs)));
            admin.createTopics(List.of(topic)).all().get();
            LOG.info("created ledger topic {}", name);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthorizationException) {
                throw new IllegalStateException("cannot create the ledger topic " + name + ": " + e.getCause().getMessage()
                        + " - create it (1 partition, cleanup.policy=compact,delete) or grant the bridge CREATE on it", e);
            }
            if (e.getCause() instanceof org.apache.kafka.common.errors.AuthenticationException) {
                throw new IllegalStateException("cannot find or create the ledger topic " + name + ": "
                        + e.getCause().getMessage() + FailureDescription.kafkaLoginHint(
                                FailureDescription.oauthBearer(adminProperties)), e);
            }
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new KafkaUnreachableException("cannot find or create the ledger topic " + name + ": "
                        + e.getCause().getMessage() + " - check wla.kafka.bootstrap-servers, security settings and that"
                        + " Kafka is reachable", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating the ledger topic " + name, e);
        }
        KNOWN.add(adminProperties.get("bootstrap.servers") + "/" + name);
    }

    /** The ledger record of one chunk; its key is unique (run and chunk), so compaction keeps it until retention. */
    public ProducerRecord<String, byte[]> record(String runId, long chunk, String topic, List<String> eventIds) {
        return new ProducerRecord<>(name, 0, chunkKey(runId, chunk), encode(new Entry(runId, topic, eventIds)));
    }

    /** A chunk's key: its ledger record's and its row's in wla_sent_chunk (the run id, a slash, the chunk's number). */
    public static String chunkKey(String runId, long chunk) {
        return runId + "/" + chunk;
    }

    /** First byte of a value in the current format: LZ4 block. Older values are zlib streams (first byte 0x78). */
    private static final byte FORMAT_LZ4 = 1;

    /**
     * Run id, topic, count and ids (DataOutput's modified UTF-8), LZ4-compressed (lz4-java, as Kafka's own lz4 codec):
     * a chunk's ids share most of their characters. It was zlib until the sender's profile showed deflating the
     * ledger to cost a quarter of that thread; {@link #decode} still reads those.
     */
    static byte[] encode(Entry entry) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(entry.eventIds().size() * 48 + 64);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeUTF(entry.runId());
            out.writeUTF(entry.topic());
            out.writeInt(entry.eventIds().size());
            for (String id : entry.eventIds()) {
                out.writeUTF(id);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] raw = bytes.toByteArray();
        LZ4Compressor compressor = LZ4.fastCompressor();
        byte[] value = new byte[5 + compressor.maxCompressedLength(raw.length)];
        value[0] = FORMAT_LZ4;
        java.nio.ByteBuffer.wrap(value, 1, 4).putInt(raw.length);
        int compressed = compressor.compress(raw, 0, raw.length, value, 5, value.length - 5);
        return java.util.Arrays.copyOf(value, 5 + compressed);
    }

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();

    /**
     * The {@link SentFilter#hash}es of a value's ids, without making strings of them: an id of ASCII characters is
     * hashed as the bytes DataOutput wrote (the same bytes as its UTF-8); any other is read as a string first (modified
     * UTF-8 differs from UTF-8 there). What loading the already-sent filter from wla_sent_chunk does per id.
     */
    static long[] hashes(byte[] value) throws IOException {
        if (value.length == 0 || value[0] != FORMAT_LZ4) {
            List<String> ids = decode(value).eventIds();
            long[] hashes = new long[ids.size()];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = SentFilter.hash(ids.get(i));
            }
            return hashes;
        }
        byte[] plain = plain(value);
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(plain);
        try {
            for (int field = 0; field < 2; field++) {
                // run id and topic: skipped
                int length = in.getShort() & 0xffff;
                in.position(in.position() + length);
            }
            int n = in.getInt();
            if (n < 0 || n > plain.length) {
                throw new IOException("ledger record with an impossible count " + n);
            }
            long[] hashes = new long[n];
            for (int i = 0; i < n; i++) {
                int length = in.getShort() & 0xffff;
                int from = in.position();
                boolean ascii = true;
                for (int b = from; b < from + length && ascii; b++) {
                    ascii = plain[b] > 0;
                }
                if (ascii) {
                    hashes[i] = SentFilter.hash(plain, from, from + length);
                } else {
                    hashes[i] = SentFilter.hash(new DataInputStream(new ByteArrayInputStream(plain, from - 2, length + 2)).readUTF());
                }
                in.position(from + length);
            }
            return hashes;
        } catch (java.nio.BufferUnderflowException | IllegalArgumentException e) {
            throw new IOException("ledger record ends early", e);
        }
    }

    /** An LZ4 value's plain bytes, checked. */
    private static byte[] plain(byte[] value) throws IOException {
        if (value.length < 5) {
            throw new IOException("ledger record too short: " + value.length + " bytes");
        }
        int length = java.nio.ByteBuffer.wrap(value, 1, 4).getInt();
        // LZ4 expands at most ~255 times: a larger length is a damaged record, not a reason to allocate it
        if (length < 0 || length > (value.length - 5) * 255L + 64) {
            throw new IOException("ledger record with an impossible length " + length);
        }
        byte[] plain = new byte[length];
        int decompressed;
        try {
            decompressed = LZ4.safeDecompressor().decompress(value, 5, value.length - 5, plain, 0, length);
        } catch (net.jpountz.lz4.LZ4Exception e) {
            throw new IOException("ledger record does not decompress: " + e.getMessage(), e);
        }
        if (decompressed != length) {
            throw new IOException("ledger record holds " + decompressed + " bytes, its header says " + length);
        }
        return plain;
    }

    static Entry decode(byte[] value) throws IOException {
        java.io.InputStream raw;
        if (value.length > 0 && value[0] == FORMAT_LZ4) {
            raw = new ByteArrayInputStream(plain(value));
        } else {
            raw = new InflaterInputStream(new ByteArrayInputStream(value));
        }
        try (DataInputStream in = new DataInputStream(raw)) {
            String runId = in.readUTF();
            String topic = in.readUTF();
            int n = in.readInt();
            List<String> ids = new ArrayList<>(Math.min(n, 1 << 16));
            for (int i = 0; i < n; i++) {
                ids.add(in.readUTF());
            }
            return new Entry(runId, topic, ids);
        }
    }

    /**
     * Records in wla_sent_chunk what the ledger topic holds beyond the job's recorded position, reading committed records
     * only; call it after the job's producer initialised its transactions (so no transaction of the job is open).
     * Returns the number of events found missing.
     */
    public long reconcile(String jobId, Properties consumerProperties, SentLedger ledger) throws SQLException {
        return reconcile(jobId, consumerProperties, ledger, ids -> { });
    }

    /** As {@link #reconcile(String, Properties, SentLedger)}, handing each ledger record's chunk to {@code recorded}. */
    public long reconcile(String jobId, Properties consumerProperties, SentLedger ledger,
            java.util.function.Consumer<SentLedger.SentChunk> recorded) throws SQLException {
        return reconcile(jobId, consumerProperties, ledger, recorded, ledger.position(jobId));
    }

    /**
     * As {@link #reconcile(String, Properties, SentLedger, java.util.function.Consumer)}, from the given position (as
     * read from wla_ledger_position earlier, -1 when it was not there) instead of the one recorded now: records between
     * the two, recorded meanwhile by another instance's writer, are recorded again if absent (no harm) and handed to
     * {@code recorded} too.
     */
    public long reconcile(String jobId, Properties consumerProperties, SentLedger ledger,
            java.util.function.Consumer<SentLedger.SentChunk> recorded, long from) throws SQLException {
        Properties props = new Properties();
        props.putAll(consumerProperties);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the tail of the ledger is the last transaction's commit marker, which read_committed never returns: a fetch
        // for it would wait out the broker's fetch.max.wait.ms (500 ms) at every run's start
        props.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "20");
        props.remove(ConsumerConfig.GROUP_ID_CONFIG);
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        long missing = 0;
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(props)) {
            consumer.assign(List.of(partition));
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            long start = consumer.beginningOffsets(List.of(partition)).get(partition);
            long position = from;
            if (position < 0) {
                position = start;
            } else if (position < start) {
                LOG.warn("job {}: ledger topic {} starts at offset {} but wla_sent is recorded up to {} only: what was sent in"
                        + " between is no longer known (older than wla.delivery.ledger-retention-ms)", jobId, name, start, position);
                position = start;
            }
            if (position >= end) {
                return 0;
            }
            consumer.seek(partition, position);
            long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
            while (consumer.position(partition) < end) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("job " + jobId + ": could not read the ledger topic " + name
                            + " to its end within " + READ_TIMEOUT + " - check that Kafka is reachable and rerun");
                }
                for (ConsumerRecord<String, byte[]> record : consumer.poll(POLL)) {
                    Entry entry = decode(record.value());
                    // the chunk's row in wla_sent_chunk has the record's key (every ledger record has one)
                    SentLedger.SentChunk chunk = new SentLedger.SentChunk(record.key() != null ? record.key()
                            : name + "@" + record.offset(), entry.runId(), entry.topic(), entry.eventIds(), record.value());
                    ledger.reconcile(jobId, chunk, record.offset() + 1);
                    recorded.accept(chunk);
                    missing += entry.eventIds().size();
                    CrashPoint.reached("reconcile");
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("job " + jobId + ": a record of the ledger topic " + name + " cannot be read: "
                    + e.getMessage(), e);
        }
        if (missing > 0) {
            LOG.info("job {}: {} event(s) of the ledger topic {} recorded in wla_sent", jobId, missing, name);
        }
        return missing;
    }
}
