package io.wlabridge.cli;

import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.camel.CamelContext;
import org.apache.camel.component.kafka.KafkaComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import io.wlabridge.app.RegistrySetup;
import io.wlabridge.config.Settings;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.job.RecordRejectedException;
import io.wlabridge.job.RowMapper;
import io.wlabridge.job.SchemaFiles;
import io.wlabridge.kafka.KafkaSetup;
import io.wlabridge.registry.RecordSerializationException;
import io.wlabridge.registry.RegistryAvroDataFormat;

/**
 * {@code send --topic T [--schema S] [--key-field F] --file data.json|data.csv|-}: publishes records for workload
 * automation jobs that have no Kafka client. With a schema, each record is validated and sent as Avro in Confluent
 * wire format; without, as its JSON text. One summary line on stdout, one line per rejected record on stderr.
 * Exit 0: all delivered; 2: some rejected or failed; 1: nothing delivered. The Kafka connection is the bridge's
 * (wla.kafka.*), the registry too (wla.registry.*); no database is needed.
 */
public final class SendCommand {

    /** How {@code send} is called (wla-bridge help send). */
    public static final CommandSpec SPEC = new CommandSpec("send",
            "send --topic T [--schema S] [--key-field F] [--format json|csv] --file data.json|data.csv|-",
            "Publishes records from a file or stdin, for jobs without a Kafka client."
                    + "\nWith --schema each record is validated and sent as Avro (Confluent wire format), else as its JSON"
                    + "\ntext. One summary line on stdout, one line per rejected record on stderr.",
            List.of("--topic T             the Kafka topic",
                    "--schema S            Avro record name: schemas/S.avsc (without: the JSON text is sent)",
                    "--key-field F         the field whose value becomes the record key",
                    "--format json|csv     the input format (default: by the file's extension; json for -)",
                    "--file F|-            the input file, or - for stdin"),
            "0 all delivered, 2 some rejected or failed, 1 nothing delivered",
            Set.of("topic", "schema", "key-field", "format", "file"), Set.of(), 0, 0);

    private static final ObjectMapper JSON = new ObjectMapper();

    private SendCommand() {
    }

    public static int execute(Options options, InputStream stdin, PrintStream out, PrintStream err) throws Exception {
        String topic = options.value("topic").orElseThrow(() -> usage("--topic is missing"));
        String file = options.value("file").orElseThrow(() -> usage("--file is missing (a .json, .csv file or - for stdin)"));
        boolean csv = file.endsWith(".csv") || "csv".equalsIgnoreCase(options.value("format").orElse(""));
        List<SendInput.Item> items;
        try (InputStream in = "-".equals(file) ? stdin : Files.newInputStream(Path.of(file))) {
            items = SendInput.read(in, csv);
        }
        String keyField = options.value("key-field").orElse(null);

        try (CamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setLocation("file:" + options.configFile() + ";optional=true");
            Properties overrides = new Properties();
            overrides.putAll(options.overrides());
            context.getPropertiesComponent().setOverrideProperties(overrides);
            Settings settings = new Settings(context);
            KafkaSetup.configure(context, settings);
            Serializer serializer = options.value("schema")
                    .map(name -> avro(settings, topic, SchemaFiles.load(Path.of(settings.get(WlaOptions.JOB_SCHEMAS_DIR)), name)))
                    .orElse(fields -> JSON.writeValueAsBytes(fields));

            Tally tally = new Tally();
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProperties(context))) {
                producer.partitionsFor(topic);
                for (SendInput.Item item : items) {
                    send(producer, topic, keyField, serializer, item, tally, err);
                }
                producer.flush();
            }
            out.println("send topic=" + topic + " records=" + items.size() + " delivered=" + tally.delivered
                    + " rejected=" + tally.rejected + " failed=" + tally.failed);
            return tally.delivered.get() == 0 ? 1 : tally.delivered.get() == items.size() ? 0 : 2;
        }
    }

    private static void send(KafkaProducer<String, byte[]> producer, String topic, String keyField, Serializer serializer,
            SendInput.Item item, Tally tally, PrintStream err) {
        if (item.error() != null) {
            tally.reject(err, item.number(), item.error());
            return;
        }
        byte[] value;
        try {
            value = serializer.serialize(item.fields());
        } catch (RecordRejectedException | RecordSerializationException e) {
            tally.reject(err, item.number(), e.getMessage());
            return;
        } catch (Exception e) {
            // anything else about one record (e.g. a field of the wrong type for the schema) rejects that record
            tally.reject(err, item.number(), e.getMessage());
            return;
        }
        Object key = keyField == null ? null : RowMapper.column(item.fields(), keyField);
        producer.send(new ProducerRecord<>(topic, key == null ? null : key.toString(), value), (metadata, e) -> {
            if (e == null) {
                tally.delivered.incrementAndGet();
            } else {
                tally.failed.incrementAndGet();
                err.println("failed record " + item.number() + ": " + e.getMessage());
            }
        });
    }

    /** The fields' record as a job encodes its rows: RowMapper's typing, the registry's wire format. */
    private static Serializer avro(Settings settings, String topic, Schema schema) {
        RegistryAvroDataFormat avro = RegistrySetup.dataFormat(settings);
        avro.start();
        // an unreachable registry or an incompatible schema stops here, before anything is sent
        avro.resolveSchemaId(topic, schema);
        RowMapper mapper = new RowMapper(schema);
        return fields -> avro.serialize(topic, mapper.toRecord(mapper.toFields(fields)));
    }

    private static Properties producerProperties(CamelContext context) {
        KafkaComponent kafka = context.getComponent("kafka", KafkaComponent.class);
        Properties props = kafka.getConfiguration().createProducerProperties();
        // camel-kafka keeps the brokers apart from the other client properties
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getConfiguration().getBrokers());
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
        return props;
    }

    private static UsageException usage(String what) {
        return new UsageException(what + ": wla-bridge send --topic T [--schema S] [--key-field F] --file data.json|data.csv|-");
    }

    private interface Serializer {
        byte[] serialize(Map<String, Object> fields) throws Exception;
    }

    private static final class Tally {
        final AtomicInteger delivered = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();
        int rejected;

        void reject(PrintStream err, int number, String reason) {
            rejected++;
            err.println("rejected record " + number + ": " + reason);
        }
    }
}
