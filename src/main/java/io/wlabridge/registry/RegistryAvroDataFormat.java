package io.wlabridge.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.camel.Exchange;
import org.apache.camel.spi.DataFormat;
import org.apache.camel.spi.DataFormatName;
import org.apache.camel.support.service.ServiceSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Camel data format {@value #NAME}: Avro {@link GenericRecord} to Confluent wire format and back, with ids from the
 * Schema Registry. Confluent's KafkaAvroSerializer is not on Maven Central, so this is its counterpart; Apache Avro
 * does the encoding. Ids and writers are cached: after the first record of a (topic, schema) no HTTP call is made.
 *
 * <p>Exceptions: {@link RecordSerializationException} when one record does not fit (dead-letter it);
 * {@link RegistryException} when the registry refuses or, as {@link RegistryUnavailableException}, cannot be reached
 * (fail the run). Call {@link #resolveSchemaId} at run start so the latter happens before any record is processed.
 * Set the properties before the data format starts. Thread-safe once started.
 */
public class RegistryAvroDataFormat extends ServiceSupport implements DataFormat, DataFormatName {

    public static final String NAME = "registry-avro";
    /** Exchange property naming the Kafka topic the record goes to. */
    public static final String TOPIC_PROPERTY = "wlaTopic";
    /** Fallback when {@link #TOPIC_PROPERTY} is not set: camel-kafka's override-topic header. */
    public static final String OVERRIDE_TOPIC_HEADER = "kafka.OVERRIDE_TOPIC";

    private static final Logger LOG = LoggerFactory.getLogger(RegistryAvroDataFormat.class);

    /** Everything needed to write records of one schema to one topic; immutable, shared by all threads. */
    private record Target(String topic, Schema schema, byte[] header, GenericDatumWriter<IndexedRecord> writer) {
    }

    private record TargetKey(String topic, Schema schema) {
    }

    private final Map<TargetKey, Target> targets = new ConcurrentHashMap<>();
    private final Map<Integer, GenericDatumReader<GenericRecord>> readers = new ConcurrentHashMap<>();
    // Avro encoders/decoders are not thread-safe; one per thread, reused across records
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private final ThreadLocal<ReusableBytes> buffers = ThreadLocal.withInitial(ReusableBytes::new);
    private volatile Target lastTarget;

    // volatile: replaced while the service runs when a registry secret rotates (config.SecretRefresh)
    private volatile SchemaRegistryClient client;
    private boolean autoRegister = true;
    private boolean lookupOnly;
    private SubjectNameStrategy subjectNameStrategy = SubjectNameStrategy.TOPIC_NAME;
    private boolean isKey;

    @Override
    public String getDataFormatName() {
        return NAME;
    }

    /**
     * The id records of this schema get on this topic: registers the schema (auto-register) or looks it up.
     * Jobs call it once at run start, so an unreachable registry or unregistered schema fails the run up front.
     */
    public int resolveSchemaId(String topic, Schema schema) {
        String subject = subjectNameStrategy.subjectFor(topic, isKey, schema);
        if (lookupOnly) {
            return client().lookup(subject, schema).map(RegisteredSchema::id).orElseGet(() -> {
                LOG.warn("schema {} is not registered under subject '{}' yet: a real run registers it (auto-register);"
                        + " the dry run encodes with id 0", schema.getFullName(), subject);
                return 0;
            });
        }
        if (autoRegister) {
            return client().register(subject, schema);
        }
        return client().lookup(subject, schema).map(RegisteredSchema::id)
                .orElseThrow(() -> new RegistryException("Schema " + schema.getFullName() + " is not registered under subject '"
                        + subject + "'; register it in the Schema Registry or enable auto-register", 404, 40403, subject));
    }

    @Override
    public void marshal(Exchange exchange, Object graph, OutputStream stream) throws IOException {
        if (!(graph instanceof IndexedRecord record)) {
            throw new RecordSerializationException("registry-avro marshals Avro GenericRecords, but the body is "
                    + (graph == null ? "null" : graph.getClass().getName()) + "; map the row to a GenericRecord first");
        }
        write(topicOf(exchange), record, stream);
    }

    /**
     * One record in Confluent wire format, without an exchange: what jobs and replay call per record. Thread-safe;
     * the output buffer and encoder are reused per thread.
     */
    public byte[] serialize(String topic, IndexedRecord record) {
        ReusableBytes bytes = buffers.get();
        bytes.reset();
        try {
            write(topic, record, bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** A ByteArrayOutputStream whose reset keeps its buffer. */
    private static final class ReusableBytes extends java.io.ByteArrayOutputStream {
        ReusableBytes() {
            super(256);
        }
    }

    private void write(String topic, IndexedRecord record, OutputStream stream) throws IOException {
        Target target = targetFor(topic, record.getSchema());
        if (!GenericData.get().validate(target.schema(), record)) {
            throw new RecordSerializationException(RecordValidator.firstViolation(record) + " (schema "
                    + target.schema().getFullName() + ", topic " + target.topic() + ")");
        }
        stream.write(target.header());
        BinaryEncoder reuse = encoders.get();
        // direct, not buffered: the stream is a byte array already, and a buffered encoder re-pointed at it builds a
        // channel and a sink per record
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(stream, reuse);
        try {
            target.writer().write(record, encoder);
            encoder.flush();
        } catch (AvroRuntimeException | ClassCastException | NullPointerException e) {
            encoders.remove();
            throw new RecordSerializationException("Record does not encode with schema " + target.schema().getFullName()
                    + ": " + e.getClass().getSimpleName() + "; check the mapping to the schema's field types", e);
        }
        if (encoder != reuse) {
            encoders.set(encoder);
        }
    }

    @Override
    public Object unmarshal(Exchange exchange, InputStream stream) throws IOException {
        return decode(stream.readAllBytes());
    }

    @Override
    public Object unmarshal(Exchange exchange, Object body) throws Exception {
        return body instanceof byte[] bytes ? decode(bytes) : DataFormat.super.unmarshal(exchange, body);
    }

    private GenericRecord decode(byte[] message) {
        int id = WireFormat.schemaIdOf(message);
        GenericDatumReader<GenericRecord> reader = readerFor(id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(message, WireFormat.HEADER_LENGTH,
                message.length - WireFormat.HEADER_LENGTH, decoders.get());
        decoders.set(decoder);
        try {
            return reader.read(null, decoder);
        } catch (IOException | AvroRuntimeException e) {
            throw new RecordSerializationException("Bytes do not decode with schema id " + id + " ("
                    + reader.getSchema().getFullName() + "): " + e.getClass().getSimpleName()
                    + "; the message is truncated or was written with another schema", e);
        }
    }

    private Target targetFor(String topic, Schema schema) {
        Target last = lastTarget;
        if (last != null && last.schema() == schema && last.topic().equals(topic)) {
            return last;
        }
        TargetKey key = new TargetKey(topic, schema);
        Target target = targets.get(key);
        if (target == null) {
            int id = resolveSchemaId(topic, schema);
            target = new Target(topic, schema, WireFormat.header(id), new GenericDatumWriter<>(schema));
            targets.putIfAbsent(key, target);
        }
        lastTarget = target;
        return target;
    }

    private GenericDatumReader<GenericRecord> readerFor(int id) {
        GenericDatumReader<GenericRecord> reader = readers.get(id);
        if (reader == null) {
            reader = new GenericDatumReader<>(client().schemaById(id));
            readers.putIfAbsent(id, reader);
        }
        return reader;
    }

    private static String topicOf(Exchange exchange) {
        Object topic = exchange.getProperty(TOPIC_PROPERTY);
        if (topic == null) {
            topic = exchange.getMessage().getHeader(OVERRIDE_TOPIC_HEADER);
        }
        if (topic == null || topic.toString().isBlank()) {
            throw new IllegalStateException("registry-avro needs the Kafka topic to name the subject: set exchange property '"
                    + TOPIC_PROPERTY + "' (or header " + OVERRIDE_TOPIC_HEADER + ") before marshal");
        }
        return topic.toString();
    }

    private SchemaRegistryClient client() {
        if (client == null) {
            throw new IllegalStateException("registry-avro has no Schema Registry client; set its 'client' property");
        }
        return client;
    }

    @Override
    protected void doStart() {
        client();
        // ids depend on autoRegister, strategy and isKey: a restart after reconfiguring must not reuse old ones
        targets.clear();
        lastTarget = null;
        LOG.info("registry-avro ready: autoRegister={}, subjectNameStrategy={}, isKey={}", autoRegister,
                subjectNameStrategy.confluentName(), isKey);
    }

    public SchemaRegistryClient getClient() {
        return client;
    }

    public void setClient(SchemaRegistryClient client) {
        this.client = client;
    }

    public boolean isAutoRegister() {
        return autoRegister;
    }

    /** Register unknown schemas (default true); when false the schema must already be registered under the subject. */
    /** Dry runs: ids are looked up, never registered; an unregistered schema encodes with id 0 (nothing is sent). */
    public void setLookupOnly(boolean lookupOnly) {
        this.lookupOnly = lookupOnly;
    }

    public void setAutoRegister(boolean autoRegister) {
        this.autoRegister = autoRegister;
    }

    public SubjectNameStrategy getSubjectNameStrategy() {
        return subjectNameStrategy;
    }

    /** How topic and schema name the subject; default {@link SubjectNameStrategy#TOPIC_NAME}. */
    public void setSubjectNameStrategy(SubjectNameStrategy subjectNameStrategy) {
        this.subjectNameStrategy = subjectNameStrategy;
    }

    /** As {@link #setSubjectNameStrategy} from a config string such as {@code TopicRecordNameStrategy}. */
    public void setSubjectNameStrategyName(String name) {
        this.subjectNameStrategy = SubjectNameStrategy.parse(name);
    }

    public boolean isKey() {
        return isKey;
    }

    /** Whether this format writes record keys ({@code <topic>-key} subjects); default false (values). */
    public void setIsKey(boolean isKey) {
        this.isKey = isKey;
    }
}
