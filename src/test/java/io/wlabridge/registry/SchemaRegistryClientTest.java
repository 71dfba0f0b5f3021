package io.wlabridge.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against replies recorded from Confluent Schema Registry 7.x and 8.x (docs/contracts/schema-registry.md §3, §5). */
class SchemaRegistryClientTest {

    private static final Schema ORDER = TestSchemas.ORDER_V1;
    private static final String ORDER_JSON = new ObjectMapper().valueToTree(ORDER.toString()).toString();

    private static final String REGISTER_7X = "{\"id\":42}";
    private static final String REGISTER_8X = """
            {"id":42,"version":1,"guid":"2b8a6f6e-3c1e-4c9f-a2a4-7a0f1d0d7b11","schemaType":"AVRO","schema":%s,
             "ts":1767312000000,"deleted":false}""".formatted(ORDER_JSON);
    private static final String BY_ID_7X = "{\"schema\":%s}".formatted(ORDER_JSON);
    private static final String BY_ID_8X = """
            {"schemaType":"AVRO","schema":%s,"subject":"orders-value","version":1,
             "guid":"2b8a6f6e-3c1e-4c9f-a2a4-7a0f1d0d7b11","ts":1767312000000,"deleted":false,"maxId":42}""".formatted(ORDER_JSON);
    private static final String BY_ID_PROTOBUF = """
            {"schemaType":"PROTOBUF","schema":"syntax = \\"proto3\\";\\nmessage Order { int64 id = 1; }\\n"}""";
    private static final String LOOKUP_7X = """
            {"subject":"orders-value","version":3,"id":42,"schema":%s}""".formatted(ORDER_JSON);
    private static final String LATEST_8X = """
            {"subject":"orders-value","version":3,"id":42,"schemaType":"AVRO","schema":%s,"guid":"g-1","ts":1,
             "deleted":false,"metadata":{"properties":{"owner":"wla"}}}""".formatted(ORDER_JSON);
    private static final String INCOMPATIBLE_7X = """
            {"error_code":409,"message":"Schema being registered is incompatible with an earlier schema for subject \\"orders-value\\", details: [{errorType:'READER_FIELD_MISSING_DEFAULT_VALUE', description:'The field 'currency' at path '/fields/1' in the new schema has no default value and is missing in the old schema', additionalInfo:'currency'}, {oldSchemaVersion: 1}, {oldSchema: '...'}, {compatibility: 'BACKWARD'}]"}""";
    private static final String INCOMPATIBLE_8X = """
            {"error_code":40901,"message":"Schema being registered is incompatible with an earlier schema for subject \\"orders-value\\", details: [...]"}""";
    private static final String INVALID_SCHEMA = """
            {"error_code":42201,"message":"Invalid schema {subject=orders-value,version=0,id=-1,schemaType=AVRO,schema=...} with refs [] of type AVRO, details: No type"}""";
    private static final String SUBJECT_NOT_FOUND = "{\"error_code\":40401,\"message\":\"Subject 'orders-value' not found.\"}";
    private static final String SCHEMA_NOT_FOUND = "{\"error_code\":40403,\"message\":\"Schema not found\"}";
    private static final String UNAVAILABLE = "{\"error_code\":50003,\"message\":\"Error while forwarding register schema request to the leader\"}";
    private static final String HTML_500 = "<html><body><h1>500 Internal Server Error</h1>\n<p>upstream failed</p></body></html>";
    private static final String UNAUTHORIZED = "{\"error_code\":401,\"message\":\"Unauthorized\"}";

    private RecordedRegistry registry;
    private SchemaRegistryClient client;

    @BeforeEach
    void startRecordedRegistry() throws IOException {
        registry = RecordedRegistry.start();
        client = new SchemaRegistryClient(fastRetries(RegistryClientConfig.of(registry.url())));
    }

    @AfterEach
    void stopRecordedRegistry() {
        registry.close();
    }

    @Test
    void registerPostsSchemaWithoutSchemaTypeAndConfluentContentType() throws IOException {
        registry.reply(200, REGISTER_7X);

        assertThat(client.register("orders-value", ORDER)).isEqualTo(42);

        RecordedRegistry.Sent sent = registry.lastSent();
        assertThat(sent.method()).isEqualTo("POST");
        assertThat(sent.rawPathAndQuery()).isEqualTo("/subjects/orders-value/versions");
        assertThat(sent.header("Content-Type")).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(sent.body()))
                .isEqualTo(new ObjectMapper().createObjectNode().put("schema", ORDER.toString()));
    }

    @Test
    void compatibilityLevelIsEmptyWhenTheSubjectFollowsTheGlobalLevel() {
        registry.reply(404, "{\"error_code\":40408,\"message\":\"Subject 'orders-value' does not have subject-level compatibility configured\"}");

        assertThat(client.compatibilityLevel("orders-value")).isEmpty();
        assertThat(registry.lastSent().rawPathAndQuery()).isEqualTo("/config/orders-value");
    }

    @Test
    void setCompatibilityLevelPutsTheLevelToTheSubjectsConfig() throws IOException {
        registry.reply(200, "{\"compatibility\":\"FULL\"}");

        client.setCompatibilityLevel("orders-value", "FULL");

        RecordedRegistry.Sent sent = registry.lastSent();
        assertThat(sent.method()).isEqualTo("PUT");
        assertThat(sent.rawPathAndQuery()).isEqualTo("/config/orders-value");
        assertThat(new ObjectMapper().readTree(sent.body()))
                .isEqualTo(new ObjectMapper().createObjectNode().put("compatibility", "FULL"));
    }

    @Test
    void registerReadsOnlyTheIdOf8xReplies() {
        registry.reply(200, REGISTER_8X);

        assertThat(client.register("orders-value", ORDER)).isEqualTo(42);
    }

    @Test
    void registerIsCachedPerSubjectAndSchema() {
        registry.reply(200, REGISTER_7X).reply(200, "{\"id\":43}");

        assertThat(client.register("orders-value", ORDER)).isEqualTo(42);
        assertThat(client.register("orders-value", TestSchemas.parse(ORDER.toString()))).isEqualTo(42);
        assertThat(client.register("other-value", ORDER)).isEqualTo(43);
        assertThat(registry.sent()).hasSize(2);
    }

    @Test
    void subjectsAreUrlEncodedInThePath() {
        registry.reply(200, REGISTER_7X);

        client.register(":.ctx:orders value", ORDER);

        assertThat(registry.lastSent().rawPathAndQuery()).isEqualTo("/subjects/%3A.ctx%3Aorders%20value/versions");
    }

    @Test
    void schemaByIdAccepts7xShapeWithoutSchemaTypeAndCachesIt() {
        registry.reply(200, BY_ID_7X);

        assertThat(client.schemaById(42)).isEqualTo(ORDER);
        assertThat(client.schemaById(42)).isEqualTo(ORDER);
        assertThat(registry.sent()).hasSize(1);
        assertThat(registry.lastSent().rawPathAndQuery()).isEqualTo("/schemas/ids/42");
    }

    @Test
    void schemaByIdAccepts8xShapeWithAvroTypeAndExtraFields() {
        registry.reply(200, BY_ID_8X);

        assertThat(client.schemaById(42)).isEqualTo(ORDER);
    }

    @Test
    void schemaByIdRefusesNonAvroSchemas() {
        registry.reply(200, BY_ID_PROTOBUF);

        assertThatThrownBy(() -> client.schemaById(7))
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("schema id 7 is a PROTOBUF schema")
                .hasMessageContaining("Avro only");
    }

    @Test
    void schemaByIdOfRegisteredSchemaNeedsNoRequest() {
        registry.reply(200, REGISTER_7X);

        client.register("orders-value", ORDER);

        assertThat(client.schemaById(42)).isSameAs(ORDER);
        assertThat(registry.sent()).hasSize(1);
    }

    @Test
    void lookupReturnsIdAndVersionAndIsCached() {
        registry.reply(200, LOOKUP_7X);

        assertThat(client.lookup("orders-value", ORDER)).get()
                .returns(42, RegisteredSchema::id).returns(3, RegisteredSchema::version);
        assertThat(client.lookup("orders-value", ORDER)).isPresent();
        assertThat(registry.sent()).hasSize(1);
        assertThat(registry.lastSent().rawPathAndQuery()).isEqualTo("/subjects/orders-value?normalize=false&deleted=false");
    }

    @Test
    void lookupOfUnknownSubjectOrSchemaIsEmptyNotAnError() {
        registry.reply(404, SUBJECT_NOT_FOUND).reply(404, SCHEMA_NOT_FOUND);

        assertThat(client.lookup("orders-value", ORDER)).isEmpty();
        assertThat(client.lookup("orders-value", ORDER)).isEmpty();
    }

    @Test
    void latestReads8xShape() {
        registry.reply(200, LATEST_8X);

        RegisteredSchema latest = client.latest("orders-value");

        assertThat(latest).isEqualTo(new RegisteredSchema("orders-value", 42, 3, ORDER));
        assertThat(registry.lastSent().rawPathAndQuery()).isEqualTo("/subjects/orders-value/versions/latest");
    }

    @Test
    void latestOfUnknownSubjectSaysWhatIsWrongAndNamesTheSubject() {
        registry.reply(404, SUBJECT_NOT_FOUND);

        assertThatThrownBy(() -> client.latest("orders-value"))
                .isExactlyInstanceOf(RegistryException.class)
                .hasMessageContaining("subject 'orders-value'")
                .hasMessageContaining("40401")
                .hasMessageContaining("register the schema")
                .satisfies(e -> assertThat(((RegistryException) e).httpStatus()).isEqualTo(404))
                .satisfies(e -> assertThat(((RegistryException) e).errorCode()).isEqualTo(40401));
    }

    @Test
    void conflict409With7xErrorCodeIsIncompatibleSchema() {
        registry.reply(409, INCOMPATIBLE_7X);

        assertThatThrownBy(() -> client.register("orders-value", ORDER))
                .isInstanceOf(IncompatibleSchemaException.class)
                .hasMessageContaining("orders-value")
                .hasMessageContaining("compatibility level")
                .satisfies(e -> assertThat(((RegistryException) e).errorCode()).isEqualTo(409));
        assertThat(registry.sent()).hasSize(1);
    }

    @Test
    void conflict409With8xErrorCode40901IsIncompatibleSchema() {
        registry.reply(409, INCOMPATIBLE_8X);

        assertThatThrownBy(() -> client.register("orders-value", ORDER))
                .isInstanceOf(IncompatibleSchemaException.class)
                .satisfies(e -> assertThat(((RegistryException) e).errorCode()).isEqualTo(40901));
    }

    @Test
    void unprocessable42201IsInvalidSchema() {
        registry.reply(422, INVALID_SCHEMA);

        assertThatThrownBy(() -> client.register("orders-value", ORDER))
                .isInstanceOf(InvalidSchemaException.class)
                .hasMessageContaining("orders-value")
                .hasMessageContaining("42201");
    }

    @Test
    void retries503AndSucceeds() {
        registry.reply(503, UNAVAILABLE).reply(200, REGISTER_7X);

        assertThat(client.register("orders-value", ORDER)).isEqualTo(42);
        assertThat(registry.sent()).hasSize(2);
    }

    @Test
    void nonJson500AfterAllRetriesIsRegistryUnavailable() {
        for (int attempt = 0; attempt < 4; attempt++) {
            registry.reply(500, HTML_500);
        }

        assertThatThrownBy(() -> client.register("orders-value", ORDER))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("4 attempt(s)")
                .hasMessageContaining("HTTP 500 error_code 50005")
                .hasMessageNotContaining("upstream failed")
                .satisfies(e -> assertThat(((RegistryException) e).httpStatus()).isEqualTo(500));
        assertThat(registry.sent()).hasSize(4);
    }

    @Test
    void otherClientErrorsAreNotRetried() {
        registry.reply(401, UNAUTHORIZED);

        assertThatThrownBy(() -> client.register("orders-value", ORDER))
                .isExactlyInstanceOf(RegistryAuthException.class)
                .hasMessageContaining("HTTP 401 Unauthorized")
                .hasMessageContaining(registry.url())
                .hasMessageContaining("credentials");
        assertThat(registry.sent()).hasSize(1);
    }

    @Test
    void unavailableIsARegistryExceptionButNotARecordError() {
        assertThat(RegistryException.class.isAssignableFrom(RegistryUnavailableException.class)).isTrue();
        assertThat(RegistryException.class.isAssignableFrom(RecordSerializationException.class)).isFalse();
    }

    @Test
    void failsOverToTheNextUrlOnNetworkErrors() throws IOException {
        registry.reply(200, REGISTER_7X);
        String closedUrl = "http://127.0.0.1:" + freePortNobodyListensOn();
        SchemaRegistryClient failingOver = new SchemaRegistryClient(
                fastRetries(RegistryClientConfig.of(closedUrl + ", " + registry.url())));

        assertThat(failingOver.register("orders-value", ORDER)).isEqualTo(42);
    }

    @Test
    void unreachableRegistryIsUnavailableAfterRetries() throws IOException {
        SchemaRegistryClient unreachable = new SchemaRegistryClient(
                fastRetries(RegistryClientConfig.of("http://127.0.0.1:" + freePortNobodyListensOn())));

        assertThatThrownBy(() -> unreachable.schemaById(1))
                .isInstanceOf(RegistryUnavailableException.class)
                .hasMessageContaining("ConnectException")
                .satisfies(e -> assertThat(((RegistryException) e).httpStatus()).isZero());
    }

    @Test
    void compatibilityTestReturnsVerdictAndVerboseMessages() {
        registry.reply(200, "{\"is_compatible\":true}")
                .reply(200, "{\"is_compatible\":false,\"messages\":[\"READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1\"]}");

        assertThat(client.testCompatibility("orders-value", ORDER)).isTrue();
        assertThat(registry.lastSent().rawPathAndQuery())
                .isEqualTo("/compatibility/subjects/orders-value/versions/latest?verbose=false");
        assertThat(client.testCompatibilityVerbose("orders-value", ORDER))
                .isEqualTo(new CompatibilityResult(false, List.of("READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1")));
    }

    @Test
    void sendsAuthHeadersOfTheConfiguredScheme() {
        registry.reply(200, REGISTER_7X).reply(200, REGISTER_7X);
        RegistryClientConfig config = fastRetries(RegistryClientConfig.of(registry.url()));

        new SchemaRegistryClient(config.withAuth(RegistryAuth.basic("key", "secret"))).register("a", ORDER);
        assertThat(registry.lastSent().header("Authorization")).isEqualTo("Basic a2V5OnNlY3JldA==");

        new SchemaRegistryClient(config.withAuth(RegistryAuth.bearer(() -> "tok", "lsrc-abc123", "pool-AbCd"))).register("b", ORDER);
        assertThat(registry.lastSent().header("Authorization")).isEqualTo("Bearer tok");
        assertThat(registry.lastSent().header("target-sr-cluster")).isEqualTo("lsrc-abc123");
        assertThat(registry.lastSent().header("Confluent-Identity-Pool-Id")).isEqualTo("pool-AbCd");
    }

    private static RegistryClientConfig fastRetries(RegistryClientConfig config) {
        return config.withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(5)).withRetries(3, Duration.ZERO, Duration.ZERO);
    }

    private static int freePortNobodyListensOn() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

}
