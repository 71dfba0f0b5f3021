package io.wlabridge.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.wlabridge.registry.TestSchemas;

/** The stand-in against the Confluent REST contract (docs/contracts/schema-registry.md §3, §11), over real HTTP. */
class RegistryStandInIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String V1_JSON = "application/vnd.schemaregistry.v1+json";

    private final HttpClient http = HttpClient.newHttpClient();
    private RegistryStandIn standIn;

    private record Reply(int status, JsonNode json, String text, String contentType) {

        int errorCode() {
            return json.path("error_code").asInt();
        }
    }

    @BeforeEach
    void startStandIn() throws IOException {
        standIn = new RegistryStandIn().start("127.0.0.1", 0);
    }

    @AfterEach
    void stopStandIn() {
        standIn.stop();
    }

    @Test
    void rootAnswersEmptyObject() throws Exception {
        Reply reply = send("GET", "/", null, V1_JSON);

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.text()).isEqualTo("{}");
    }

    @Test
    void registeringTheSameSchemaTwiceReturnsTheSameIdWithoutANewVersion() throws Exception {
        int first = register("orders-value", TestSchemas.ORDER_V1).json().get("id").asInt();
        int again = register("orders-value", TestSchemas.parse(TestSchemas.ORDER_V1.toString(true))).json().get("id").asInt();

        assertThat(again).isEqualTo(first).isPositive();
        assertThat(send("GET", "/subjects/orders-value/versions", null, V1_JSON).text()).isEqualTo("[1]");
    }

    @Test
    void theSameSchemaUnderAnotherSubjectGetsTheSameIdAsThatSubjectsVersion1() throws Exception {
        int id = register("orders-value", TestSchemas.ORDER_V1).json().get("id").asInt();
        register("orders-value", TestSchemas.ORDER_V2_WITH_DEFAULT);

        Reply other = register("archive-value", TestSchemas.ORDER_V1);

        assertThat(other.json().get("id").asInt()).isEqualTo(id);
        JsonNode version = send("GET", "/subjects/archive-value/versions/latest", null, V1_JSON).json();
        assertThat(version.get("version").asInt()).isEqualTo(1);
        assertThat(send("GET", "/subjects", null, V1_JSON).text()).isEqualTo("[\"archive-value\",\"orders-value\"]");
    }

    @Test
    void lookupFindsRegisteredSchemaAndAnswers40401Or40403Otherwise() throws Exception {
        assertThat(lookup("orders-value", TestSchemas.ORDER_V1).errorCode()).isEqualTo(40401);
        int id = register("orders-value", TestSchemas.ORDER_V1).json().get("id").asInt();

        Reply found = lookup("orders-value", TestSchemas.ORDER_V1);
        Reply missing = lookup("orders-value", TestSchemas.ORDER_V2_WITH_DEFAULT);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.json().fieldNames()).toIterable().containsExactly("subject", "version", "id", "schema");
        assertThat(found.json().get("id").asInt()).isEqualTo(id);
        assertThat(found.json().get("version").asInt()).isEqualTo(1);
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.errorCode()).isEqualTo(40403);
    }

    @Test
    void schemaByIdHasThe7xShapeWithoutSchemaType() throws Exception {
        int id = register("orders-value", TestSchemas.ORDER_V1).json().get("id").asInt();

        Reply byId = send("GET", "/schemas/ids/" + id, null, V1_JSON);
        Reply bare = send("GET", "/schemas/ids/" + id + "/schema", null, V1_JSON);
        Reply unknown = send("GET", "/schemas/ids/999", null, V1_JSON);

        assertThat(byId.json().fieldNames()).toIterable().containsExactly("schema");
        assertThat(TestSchemas.parse(byId.json().get("schema").asText())).isEqualTo(TestSchemas.ORDER_V1);
        assertThat(TestSchemas.parse(bare.text())).isEqualTo(TestSchemas.ORDER_V1);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo(40403);
    }

    @Test
    void versionsAreAddressedByNumberLatestOrMinusOne() throws Exception {
        register("orders-value", TestSchemas.ORDER_V1);
        int v2 = register("orders-value", TestSchemas.ORDER_V2_WITH_DEFAULT).json().get("id").asInt();

        assertThat(send("GET", "/subjects/orders-value/versions", null, V1_JSON).text()).isEqualTo("[1,2]");
        for (String latest : new String[] {"latest", "LATEST", "-1", "2"}) {
            JsonNode version = send("GET", "/subjects/orders-value/versions/" + latest, null, V1_JSON).json();
            assertThat(version.get("version").asInt()).as(latest).isEqualTo(2);
            assertThat(version.get("id").asInt()).as(latest).isEqualTo(v2);
            assertThat(version.get("subject").asText()).as(latest).isEqualTo("orders-value");
        }
        assertThat(send("GET", "/subjects/orders-value/versions/3", null, V1_JSON).errorCode()).isEqualTo(40402);
        assertThat(send("GET", "/subjects/nobody-value/versions/1", null, V1_JSON).errorCode()).isEqualTo(40401);
    }

    @Test
    void invalidVersionsAre42202() throws Exception {
        register("orders-value", TestSchemas.ORDER_V1);

        for (String invalid : new String[] {"0", "-2", "abc"}) {
            Reply reply = send("GET", "/subjects/orders-value/versions/" + invalid, null, V1_JSON);
            assertThat(reply.status()).as(invalid).isEqualTo(422);
            assertThat(reply.errorCode()).as(invalid).isEqualTo(42202);
        }
    }

    @Test
    void backwardAcceptsAFieldWithDefaultAndRefusesOneWithoutWith409() throws Exception {
        register("orders-value", TestSchemas.ORDER_V1);

        Reply withDefault = register("orders-value", TestSchemas.ORDER_V2_WITH_DEFAULT);
        Reply withoutDefault = register("other-value", TestSchemas.ORDER_V1);
        Reply incompatible = register("other-value", TestSchemas.ORDER_V2_WITHOUT_DEFAULT);

        assertThat(withDefault.status()).isEqualTo(200);
        assertThat(withoutDefault.status()).isEqualTo(200);
        assertThat(incompatible.status()).isEqualTo(409);
        assertThat(incompatible.errorCode()).isEqualTo(409);
        assertThat(incompatible.json().get("message").asText()).contains("incompatible").contains("other-value");
    }

    @Test
    void forwardAcceptsAddingAFieldWithoutDefaultButNotRemovingOne() throws Exception {
        Schema withoutCurrency = TestSchemas.parse("""
                {"type": "record", "name": "Order", "namespace": "com.acme",
                 "fields": [{"name": "id", "type": "long"}, {"name": "note", "type": "string", "default": ""}]}""");
        put("/config/orders-value", "{\"compatibility\":\"forward\"}");
        register("orders-value", TestSchemas.ORDER_V1);

        assertThat(register("orders-value", TestSchemas.ORDER_V2_WITHOUT_DEFAULT).status()).isEqualTo(200);
        assertThat(register("orders-value", withoutCurrency).status()).as("old reader needs currency").isEqualTo(409);
    }

    @Test
    void transitiveLevelsCheckEveryVersionNotOnlyTheLatest() throws Exception {
        Schema v3 = TestSchemas.parse("""
                {"type": "record", "name": "Order", "namespace": "com.acme",
                 "fields": [{"name": "id", "type": "long"}, {"name": "currency", "type": "string"},
                            {"name": "note", "type": "string", "default": ""}]}""");
        for (String subject : new String[] {"plain-value", "transitive-value"}) {
            register(subject, TestSchemas.ORDER_V1);
            register(subject, TestSchemas.ORDER_V2_WITH_DEFAULT);
        }
        put("/config/transitive-value", "{\"compatibility\":\"BACKWARD_TRANSITIVE\"}");

        assertThat(register("plain-value", v3).status()).isEqualTo(200);
        assertThat(register("transitive-value", v3).status()).isEqualTo(409);
    }

    @Test
    void compatibilityEndpointAnswersVerdictAndVerboseMessages() throws Exception {
        register("orders-value", TestSchemas.ORDER_V1);

        Reply compatible = compatibility("orders-value", "latest", TestSchemas.ORDER_V2_WITH_DEFAULT, false);
        Reply incompatible = compatibility("orders-value", "1", TestSchemas.ORDER_V2_WITHOUT_DEFAULT, true);
        Reply verboseCompatible = compatibility("orders-value", "latest", TestSchemas.ORDER_V2_WITH_DEFAULT, true);
        Reply unknownSubject = compatibility("nobody-value", "latest", TestSchemas.ORDER_V1, false);
        Reply unknownVersion = compatibility("orders-value", "7", TestSchemas.ORDER_V1, false);

        assertThat(compatible.text()).isEqualTo("{\"is_compatible\":true}");
        assertThat(incompatible.json().get("is_compatible").asBoolean()).isFalse();
        assertThat(incompatible.json().get("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(verboseCompatible.text()).isEqualTo("{\"is_compatible\":true,\"messages\":[]}");
        assertThat(unknownSubject.text()).isEqualTo("{\"is_compatible\":true}");
        assertThat(unknownVersion.errorCode()).isEqualTo(40402);
    }

    @Test
    void configGetAndPutUseTheirDifferentFieldNames() throws Exception {
        assertThat(send("GET", "/config", null, V1_JSON).text()).isEqualTo("{\"compatibilityLevel\":\"BACKWARD\"}");
        assertThat(put("/config", "{\"compatibility\":\"full\"}").text()).isEqualTo("{\"compatibility\":\"FULL\"}");
        assertThat(send("GET", "/config", null, V1_JSON).text()).isEqualTo("{\"compatibilityLevel\":\"FULL\"}");

        assertThat(send("GET", "/config/orders-value", null, V1_JSON).errorCode()).isEqualTo(40408);
        assertThat(send("GET", "/config/orders-value?defaultToGlobal=true", null, V1_JSON).text())
                .isEqualTo("{\"compatibilityLevel\":\"FULL\"}");
        assertThat(put("/config/orders-value", "{\"compatibility\":\"NONE\"}").text()).isEqualTo("{\"compatibility\":\"NONE\"}");
        assertThat(send("GET", "/config/orders-value", null, V1_JSON).text()).isEqualTo("{\"compatibilityLevel\":\"NONE\"}");

        Reply invalid = put("/config", "{\"compatibility\":\"SIDEWAYS\"}");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.errorCode()).isEqualTo(42203);
    }

    @Test
    void unparseableSchemaIs42201() throws Exception {
        Reply reply = send("POST", "/subjects/orders-value/versions", "{\"schema\":\"{\\\"type\\\":\\\"recrod\\\"}\"}", V1_JSON);

        assertThat(reply.status()).isEqualTo(422);
        assertThat(reply.errorCode()).isEqualTo(42201);
        assertThat(reply.json().get("message").asText()).isNotBlank();
    }

    @Test
    void softDeleteReturnsVersionsHidesTheSubjectAndKeepsIdsResolvable() throws Exception {
        int id = register("orders-value", TestSchemas.ORDER_V1).json().get("id").asInt();
        register("orders-value", TestSchemas.ORDER_V2_WITH_DEFAULT);

        assertThat(send("DELETE", "/subjects/orders-value", null, V1_JSON).text()).isEqualTo("[1,2]");
        assertThat(send("GET", "/subjects", null, V1_JSON).text()).isEqualTo("[]");
        assertThat(send("GET", "/subjects/orders-value/versions", null, V1_JSON).errorCode()).isEqualTo(40401);
        assertThat(send("GET", "/schemas/ids/" + id, null, V1_JSON).status()).isEqualTo(200);
        assertThat(send("DELETE", "/subjects/orders-value", null, V1_JSON).errorCode()).isEqualTo(40404);
    }

    @Test
    void unknownPathHasTheWebLayerErrorShape() throws Exception {
        Reply reply = send("GET", "/no/such/path", null, V1_JSON);

        assertThat(reply.status()).isEqualTo(404);
        assertThat(reply.text()).isEqualTo("{\"error_code\":404,\"message\":\"HTTP 404 Not Found\"}");
    }

    @Test
    void acceptsTheJsonMediaTypesAndRepliesWithTheV1MediaType() throws Exception {
        String body = JSON.createObjectNode().put("schema", TestSchemas.ORDER_V1.toString()).toString();
        for (String type : new String[] {V1_JSON, "application/vnd.schemaregistry+json", "application/json",
                "application/octet-stream", "application/json; charset=utf-8"}) {
            Reply reply = send("POST", "/subjects/orders-value/versions", body, type);
            assertThat(reply.status()).as(type).isEqualTo(200);
            assertThat(reply.contentType()).as(type).isEqualTo(V1_JSON);
        }
        assertThat(send("POST", "/subjects/orders-value/versions", body, "text/plain").status()).isEqualTo(415);
        assertThat(send("GET", "/no/such/path", null, V1_JSON).contentType()).isEqualTo(V1_JSON);
    }

    @Test
    void requiredBasicAuthAnswers401WithoutValidCredentials() throws Exception {
        standIn.requireBasicAuth("key", "secret");

        Reply anonymous = send("GET", "/subjects", null, V1_JSON);
        Reply wrong = send("GET", "/subjects", null, V1_JSON, "Basic a2V5Ondyb25n");
        Reply right = send("GET", "/subjects", null, V1_JSON, "Basic a2V5OnNlY3JldA==");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(anonymous.text()).isEqualTo("{\"error_code\":401,\"message\":\"Unauthorized\"}");
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(right.status()).isEqualTo(200);
    }

    @Test
    void requiredBearerTokenIsCheckedByTheValidator() throws Exception {
        standIn.requireBearerToken("good-token"::equals);

        assertThat(send("GET", "/", null, V1_JSON, "Bearer bad-token").status()).isEqualTo(401);
        assertThat(send("GET", "/", null, V1_JSON, "Bearer good-token").status()).isEqualTo(200);
    }

    @Test
    void countsEveryRequestServed() throws Exception {
        long before = standIn.requestCount();

        send("GET", "/", null, V1_JSON);
        send("GET", "/no/such/path", null, V1_JSON);

        assertThat(standIn.requestCount()).isEqualTo(before + 2);
    }

    private Reply register(String subject, Schema schema) throws Exception {
        return send("POST", "/subjects/" + subject + "/versions", schemaBody(schema), V1_JSON);
    }

    private Reply lookup(String subject, Schema schema) throws Exception {
        return send("POST", "/subjects/" + subject, schemaBody(schema), V1_JSON);
    }

    private Reply compatibility(String subject, String version, Schema schema, boolean verbose) throws Exception {
        return send("POST", "/compatibility/subjects/" + subject + "/versions/" + version + (verbose ? "?verbose=true" : ""),
                schemaBody(schema), V1_JSON);
    }

    private Reply put(String path, String body) throws Exception {
        return send("PUT", path, body, V1_JSON);
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode().put("schema", schema.toString()).toString();
    }

    private Reply send(String method, String path, String body, String contentType) throws Exception {
        return send(method, path, body, contentType, null);
    }

    private Reply send(String method, String path, String body, String contentType, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(standIn.url() + path))
                .header("Content-Type", contentType)
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json;
        try {
            json = JSON.readTree(response.body());
        } catch (IOException notJson) {
            json = JSON.missingNode();
        }
        return new Reply(response.statusCode(), json, response.body(),
                response.headers().firstValue("Content-Type").orElse(null));
    }
}
