package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.wlabridge.demo.RegistryStandIn;

/** The data format in a Camel route against the registry stand-in; its output is decoded without our code. */
class RegistryAvroDataFormatIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOPIC = "deviations";

    private RegistryStandIn standIn;
    private CamelContext camel;
    private ProducerTemplate template;

    @BeforeEach
    void startStandIn() throws IOException {
        standIn = new RegistryStandIn().start("127.0.0.1", 0);
    }

    @AfterEach
    void stopAll() {
        if (camel != null) {
            camel.stop();
        }
        standIn.stop();
    }

    @Test
    void marshalledRecordIsConfluentWireFormatThatAnyAvroReaderDecodes() throws Exception {
        RegistryAvroDataFormat format = startRoutes(dataFormat());
        GenericRecord record = TestRecords.deviation();

        byte[] bytes = marshal(record, TOPIC);

        ByteBuffer wire = ByteBuffer.wrap(bytes);
        assertThat(wire.get()).isZero();
        int id = wire.getInt();
        Schema writerSchema = new Schema.Parser().parse(getJson("/schemas/ids/" + id).get("schema").asText());
        GenericRecord decoded = new GenericDatumReader<GenericRecord>(writerSchema)
                .read(null, DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null));
        assertThat(decoded.get("jobId")).hasToString("JOB-7");
        assertThat(decoded.get("count")).isEqualTo(3);
        assertThat(decoded.get("amount")).isEqualTo(12.5);
        assertThat(decoded.get("ttDateTomorrow")).isEqualTo(20_455);
        assertThat(decoded.get("createdAt")).isEqualTo(1_767_312_000_000L);
        assertThat(decoded.get("status")).hasToString("OPEN");
        assertThat(decoded.get("note")).hasToString("late");
        assertThat(getJson("/subjects/deviations-value/versions/latest").get("id").asInt()).isEqualTo(id);
        assertThat(format.resolveSchemaId(TOPIC, TestSchemas.DEVIATION)).isEqualTo(id);
    }

    @Test
    void unmarshalWithAFreshClientFetchesTheSchemaByIdAndReturnsTheRecord() throws Exception {
        byte[] bytes = dataFormatRoundTripBytes();
        startRoutes(dataFormat());

        Exchange result = template.send("direct:unmarshal", exchange -> exchange.getMessage().setBody(bytes));

        assertThat(result.getException()).isNull();
        assertThat(result.getMessage().getBody()).isEqualTo(TestRecords.deviation());
    }

    @Test
    void unmarshalOfBytesThatAreNotWireFormatIsARecordError() throws Exception {
        startRoutes(dataFormat());

        Exchange result = template.send("direct:unmarshal", exchange -> exchange.getMessage().setBody(new byte[] {0x7B, 0x7D}));

        assertThat(result.getException()).isInstanceOf(RecordSerializationException.class).hasMessageContaining("wire format");
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsWithAClearRegistryException() throws Exception {
        RegistryAvroDataFormat format = dataFormat();
        format.setAutoRegister(false);
        startRoutes(format);

        Exchange result = send(TestRecords.deviation(), TOPIC);

        assertThat(result.getException())
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("not registered under subject 'deviations-value'")
                .hasMessageContaining("enable auto-register");
        assertThat(getJson("/subjects").size()).isZero();
    }

    @Test
    void withoutAutoRegisterTheIdOfTheRegisteredSchemaIsUsed() throws Exception {
        int registered = new SchemaRegistryClient(clientConfig()).register("deviations-value", TestSchemas.DEVIATION);
        RegistryAvroDataFormat format = dataFormat();
        format.setAutoRegister(false);
        startRoutes(format);

        assertThat(WireFormat.schemaIdOf(marshal(TestRecords.deviation(), TOPIC))).isEqualTo(registered);
    }

    @Test
    void invalidRecordIsARecordSerializationExceptionNamingTheField() throws Exception {
        startRoutes(dataFormat());
        GenericRecord record = TestRecords.deviation();
        record.put("ttDateTomorrow", null);

        Exchange result = send(record, TOPIC);

        assertThat(result.getException())
                .isInstanceOf(RecordSerializationException.class)
                .isNotInstanceOf(RegistryException.class)
                .hasMessageContaining("field 'ttDateTomorrow' is null but the schema requires int (date)");
    }

    @Test
    void afterTheFirstRecordNoRequestReachesTheRegistryAndAnOutageDoesNotStopMarshalling() throws Exception {
        RegistryAvroDataFormat format = startRoutes(dataFormat());
        byte[] first = marshal(TestRecords.deviation(), TOPIC);
        long requestsAfterFirst = standIn.requestCount();

        for (int i = 0; i < 50; i++) {
            marshal(TestRecords.deviation(), TOPIC);
        }
        assertThat(standIn.requestCount()).isEqualTo(requestsAfterFirst);

        standIn.stop();
        assertThat(marshal(TestRecords.deviation(), TOPIC)).isEqualTo(first);
        assertThat(format.resolveSchemaId(TOPIC, TestSchemas.DEVIATION)).isEqualTo(WireFormat.schemaIdOf(first));
    }

    @Test
    void resolvingTheSchemaIdAtRunStartFailsTheRunWhenTheRegistryIsUnreachable() throws Exception {
        RegistryAvroDataFormat format = startRoutes(dataFormat());
        standIn.stop();

        assertThatThrownBy(() -> format.resolveSchemaId(TOPIC, TestSchemas.DEVIATION))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("deviations-value")
                .hasMessageContaining("unavailable");
    }

    @Test
    void topicFallsBackToTheKafkaOverrideTopicHeaderAndIsRequired() throws Exception {
        RegistryAvroDataFormat format = dataFormat();
        format.setSubjectNameStrategyName("TopicRecordNameStrategy");
        startRoutes(format);

        Exchange viaHeader = template.send("direct:marshal", exchange -> {
            exchange.getMessage().setHeader(RegistryAvroDataFormat.OVERRIDE_TOPIC_HEADER, "audit");
            exchange.getMessage().setBody(TestRecords.deviation());
        });
        Exchange withoutTopic = template.send("direct:marshal", exchange -> exchange.getMessage().setBody(TestRecords.deviation()));

        assertThat(viaHeader.getException()).isNull();
        assertThat(getJson("/subjects").toString()).isEqualTo("[\"audit-io.wlabridge.test.Deviation\"]");
        assertThat(withoutTopic.getException()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(RegistryAvroDataFormat.TOPIC_PROPERTY);
    }

    @Test
    void aBodyThatIsNotAnAvroRecordIsARecordError() throws Exception {
        startRoutes(dataFormat());

        Exchange result = template.send("direct:marshal", exchange -> {
            exchange.setProperty(RegistryAvroDataFormat.TOPIC_PROPERTY, TOPIC);
            exchange.getMessage().setBody(Map.of("jobId", "JOB-7"));
        });

        assertThat(result.getException()).isInstanceOf(RecordSerializationException.class).hasMessageContaining("GenericRecord");
    }

    @Test
    void keyFormatRegistersUnderTheKeySubject() throws Exception {
        RegistryAvroDataFormat format = dataFormat();
        format.setIsKey(true);
        startRoutes(format);

        marshal(TestRecords.order(7L), "orders");

        assertThat(getJson("/subjects").toString()).isEqualTo("[\"orders-key\"]");
        assertThat(format.getDataFormatName()).isEqualTo("registry-avro");
    }

    private byte[] dataFormatRoundTripBytes() throws Exception {
        startRoutes(dataFormat());
        byte[] bytes = marshal(TestRecords.deviation(), TOPIC);
        camel.stop();
        return bytes;
    }

    private RegistryAvroDataFormat dataFormat() {
        RegistryAvroDataFormat format = new RegistryAvroDataFormat();
        format.setClient(new SchemaRegistryClient(clientConfig()));
        return format;
    }

    private RegistryClientConfig clientConfig() {
        return RegistryClientConfig.of(standIn.url())
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5))
                .withRetries(1, Duration.ZERO, Duration.ZERO);
    }

    private RegistryAvroDataFormat startRoutes(RegistryAvroDataFormat format) throws Exception {
        camel = new DefaultCamelContext();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:marshal").routeId("marshal-registry-avro").marshal(format);
                from("direct:unmarshal").routeId("unmarshal-registry-avro").unmarshal(format);
            }
        });
        camel.start();
        template = camel.createProducerTemplate();
        return format;
    }

    private Exchange send(GenericRecord record, String topic) {
        return template.send("direct:marshal", exchange -> {
            exchange.setProperty(RegistryAvroDataFormat.TOPIC_PROPERTY, topic);
            exchange.getMessage().setBody(record);
        });
    }

    private byte[] marshal(GenericRecord record, String topic) {
        Exchange result = send(record, topic);
        assertThat(result.getException()).isNull();
        return result.getMessage().getBody(byte[].class);
    }

    private JsonNode getJson(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(standIn.url() + path)).build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(response.body());
    }
}
