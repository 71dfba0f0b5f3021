package io.wlabridge.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;

import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.testing.ConfluentDecoder;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.OAuthServer;
import io.wlabridge.testing.SchemaRegistry;

/**
 * The Kafka HTTP bridge of the service against real parts: the in-process broker, the registry stand-in, PostgreSQL
 * (the service's own tables, via JobFixture) and mock-oauth2-server issuing the bearer tokens over HTTPS.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class HttpBridgeIT {

    static final String ISSUER_ID = "wla-api";
    static final String AUDIENCE = "api://wla-bridge";
    static final ObjectMapper JSON = new ObjectMapper();
    static final String AVRO_SCHEMA = "{\"type\":\"record\",\"name\":\"Deviation\",\"namespace\":\"io.wlabridge.test\","
            + "\"fields\":[{\"name\":\"system\",\"type\":\"string\"},{\"name\":\"days\",\"type\":\"int\"},"
            + "{\"name\":\"note\",\"type\":[\"null\",\"string\"],\"default\":null}]}";

    static OAuthServer oauth;
    static JobFixture job;
    static BridgeMain bridge;
    static String base;
    static int managementPort;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void startService() throws Exception {
        oauth = new OAuthServer();
        job = new JobFixture(SchemaRegistry.url());
        int port = JobFixture.closedPort();
        Map<String, String> api = new HashMap<>();
        api.put("wla.http.port", String.valueOf(port));
        managementPort = JobFixture.closedPort();
        api.put("wla.management.port", String.valueOf(managementPort));
        api.put("wla.api.issuer", oauth.issuerUrl(ISSUER_ID));
        api.put("wla.api.audience", AUDIENCE);
        api.put("wla.api.ssl-truststore-location", oauth.truststore().toString());
        api.put("wla.api.ssl-truststore-password", OAuthServer.TRUSTSTORE_PASSWORD);
        api.put("wla.api.permissions", "produce:api-*=wla-producers;consume:api-*=wla-readers;"
                + "metadata:*=wla-readers,wla-producers;create:api-*=wla-admins;*:fuzz-*=wla-fuzz;"
                + "produce:api-billing-*=client:billing-app");
        api.put("wla.api.max-request-bytes", "65536");
        api.put("wla.api.rate-limit-per-second", "5");
        api.put("wla.api.rate-limit-burst", "40");
        bridge = new BridgeMain(Options.parse("service").withOverrides(job.settings(api))).start();
        base = "http://127.0.0.1:" + port;
    }

    @AfterAll
    static void stopService() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (oauth != null) {
            oauth.close();
        }
    }

    // --- tokens

    static String token(String client, List<String> groups) {
        return oauth.token(ISSUER_ID, client, List.of(AUDIENCE), Map.of("azp", client, "groups", groups), 3600);
    }

    static String client() {
        return "client-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static String all() {
        return token(client(), List.of("wla-producers", "wla-readers", "wla-admins"));
    }

    // --- HTTP

    static HttpResponse<String> call(String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    static List<JsonNode> reports(HttpResponse<String> response) throws Exception {
        List<JsonNode> reports = new ArrayList<>();
        JSON.readerFor(JsonNode.class).readValues(response.body()).forEachRemaining(r -> reports.add((JsonNode) r));
        return reports;
    }

    static String topic(int partitions) throws Exception {
        return topic(partitions, Map.of());
    }

    static String topic(int partitions, Map<String, String> configs) throws Exception {
        String topic = "api-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1).configs(configs))).all().get();
        }
        return topic;
    }

    static void assertError(HttpResponse<String> response, int status, String messagePart) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).contains("application/json"));
        JsonNode body = json(response);
        assertThat(body.get("error_code").isInt()).isTrue();
        assertThat(body.get("message").asText()).containsIgnoringCase(messagePart).doesNotContain("\tat ").doesNotContain("Exception");
    }

    static String utf8(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
    }

    // --- auth

    @Test
    void validTokenListsTopicsAndDescribesPartitions() throws Exception {
        String topic = topic(2);
        HttpResponse<String> topics = call("GET", "/v1/metadata/topics", all(), null);
        assertThat(topics.statusCode()).as(topics.body()).isEqualTo(200);
        assertThat(json(topics).get("topics").toString()).contains("\"" + topic + "\"");
        assertThat(topics.headers().firstValue("Authorization")).isEmpty();

        HttpResponse<String> partitions = call("GET", "/v1/metadata/topics/" + topic + "/partitions", all(), null);
        assertThat(partitions.statusCode()).isEqualTo(200);
        JsonNode body = json(partitions);
        assertThat(body.get("topic").asText()).isEqualTo(topic);
        assertThat(body.get("partitions")).hasSize(2);
        JsonNode first = body.get("partitions").get(0);
        assertThat(first.get("partition_id").asInt()).isZero();
        assertThat(first.get("earliest_offset").asLong()).isZero();
        assertThat(first.get("latest_offset").asLong()).isZero();
        assertThat(first.get("leader").get("hostName").asText()).isNotEmpty();
        assertThat(first.get("leader").get("port").asInt()).isPositive();
        assertThat(first.get("replicas")).hasSize(1);
        assertThat(first.get("isr")).hasSize(1);

        HttpResponse<String> brokers = call("GET", "/v1/metadata/brokers", all(), null);
        assertThat(brokers.statusCode()).isEqualTo(200);
        assertThat(json(brokers).get("brokers").get(0).get("port").asInt()).isEqualTo(first.get("leader").get("port").asInt());
        // the in-process broker has no broker.rack: the field is there, null, as the contract shows it
        assertThat(json(brokers).get("brokers").get(0).has("rack")).isTrue();
        assertThat(json(brokers).get("brokers").get(0).get("rack").isNull()).isTrue();
        assertThat(first.get("leader").get("rack").isNull()).isTrue();
        assertThat(call("GET", "/v1/status", all(), null).statusCode()).isEqualTo(200);

        HttpResponse<String> one = call("GET", "/v1/metadata/topics/" + topic + "/partitions/1", all(), null);
        assertThat(json(one).get("partition_id").asInt()).isEqualTo(1);
        assertError(call("GET", "/v1/metadata/topics/" + topic + "/partitions/7", all(), null), 404, "partition 7");
        assertError(call("GET", "/v1/metadata/topics/api-none-" + UUID.randomUUID() + "/partitions", all(), null), 404, "not found");
    }

    @Test
    void missingOrMalformedAuthorizationIs401() throws Exception {
        HttpResponse<String> none = call("GET", "/v1/metadata/topics", null, null);
        assertError(none, 401, "Authorization header missing");
        // RFC 6750 §3.1: no credentials, no error code
        assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"wla-bridge\"");
        HttpResponse<String> invalid = call("GET", "/v1/metadata/topics", "not-a-jwt", null);
        assertError(invalid, 401, "Token rejected");
        assertThat(invalid.headers().firstValue("WWW-Authenticate"))
                .hasValue("Bearer realm=\"wla-bridge\", error=\"invalid_token\"");
        assertError(call("GET", "/v1/metadata/topics?Authorization=Bearer%20" + all(), null, null), 400, "Authorization header");
    }

    @Test
    void expiredTokenIs401() throws Exception {
        String client = client();
        String expired = oauth.token(ISSUER_ID, client, List.of(AUDIENCE), Map.of("azp", client, "groups",
                List.of("wla-readers")), -600);
        assertError(call("GET", "/v1/metadata/topics", expired, null), 401, "expired");
    }

    @Test
    void tokenForAnotherAudienceIs401() throws Exception {
        String client = client();
        String other = oauth.token(ISSUER_ID, client, List.of("api://someone-else"), Map.of("azp", client, "groups",
                List.of("wla-readers")), 3600);
        assertError(call("GET", "/v1/metadata/topics", other, null), 401, "audience");
    }

    @Test
    void tokenOfAnotherIssuerIs401() throws Exception {
        String client = client();
        String other = oauth.token("another-issuer", client, List.of(AUDIENCE), Map.of("azp", client, "groups",
                List.of("wla-readers")), 3600);
        assertError(call("GET", "/v1/metadata/topics", other, null), 401, "Token rejected");
    }

    @Test
    void tokenWithABadSignatureIs401() throws Exception {
        String valid = token(client(), List.of("wla-readers"));
        // same header and claims, signed by a key the issuer never published under the issuer's key id
        SignedJWT parsed = SignedJWT.parse(valid);
        RSAKey foreign = new RSAKeyGenerator(2048).keyID(parsed.getHeader().getKeyID()).generate();
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(foreign.getKeyID()).build(),
                parsed.getJWTClaimsSet());
        forged.sign(new RSASSASigner(foreign));
        assertError(call("GET", "/v1/metadata/topics", forged.serialize(), null), 401, "signature");

        String[] parts = valid.split("\\.");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(
                parsed.getJWTClaimsSet().toString().replace("wla-readers", "wla-admins").getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertError(call("GET", "/v1/metadata/topics", tampered, null), 401, "Token rejected");
    }

    @Test
    void unsignedTokenWithAlgNoneIs401() throws Exception {
        SignedJWT valid = SignedJWT.parse(token(client(), List.of("wla-readers")));
        String unsigned = new PlainJWT(valid.getJWTClaimsSet()).serialize();
        assertThat(unsigned).endsWith(".");
        assertError(call("GET", "/v1/metadata/topics", unsigned, null), 401, "Token rejected");

        // a symmetric algorithm is refused whatever the key: a public JWKS must never verify an HMAC
        SignedJWT hmac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), valid.getJWTClaimsSet());
        hmac.sign(new com.nimbusds.jose.crypto.MACSigner("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8)));
        assertError(call("GET", "/v1/metadata/topics", hmac.serialize(), null), 401, "Token rejected");
    }

    @Test
    void tokenWithoutTheGroupIs403() throws Exception {
        String topic = topic(1);
        String reader = token(client(), List.of("wla-readers"));
        HttpResponse<String> response = call("POST", "/v1/producer/topics/" + topic, reader, "{\"records\":[{\"value\":\"x\"}]}");
        assertError(response, 403, "not authorized");
        assertThat(json(response).get("error_code").asInt()).isEqualTo(40301);
        String nobody = token(client(), List.of("some-other-group"));
        assertError(call("GET", "/v1/metadata/topics", nobody, null), 403, "not authorized");
        assertError(call("GET", "/v1/metadata/brokers", nobody, null), 403, "not authorized");
        assertError(call("POST", "/v3/clusters/x/topics/" + topic + "/records", reader,
                "{\"value\":{\"type\":\"STRING\",\"data\":\"x\"}}"), 403, "not authorized");
    }

    @Test
    void appRolesGrantLikeGroups() throws Exception {
        String topic = topic(1);
        String client = client();
        String roles = oauth.token(ISSUER_ID, client, List.of(AUDIENCE), Map.of("appid", client, "roles",
                List.of("wla-producers")), 3600);
        HttpResponse<String> response = call("POST", "/v1/producer/topics/" + topic, roles, "{\"records\":[{\"value\":\"x\"}]}");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    @Test
    void aPermissionMayNameTheClientItself() throws Exception {
        String topic = "api-billing-" + UUID.randomUUID().toString().substring(0, 8);
        KafkaBroker.broker().createTopic(topic, 1);
        String billing = oauth.token(ISSUER_ID, "billing-app", List.of(AUDIENCE), Map.of("azp", "billing-app"), 3600);
        String other = oauth.token(ISSUER_ID, "other-app", List.of(AUDIENCE), Map.of("azp", "other-app"), 3600);
        String body = "{\"records\":[{\"value\":\"x\"}]}";

        HttpResponse<String> allowed = call("POST", "/v1/producer/topics/" + topic, billing, body);
        assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
        assertError(call("POST", "/v1/producer/topics/" + topic, other, body), 403, "client id");
    }

    @Test
    void everyRequestGetsOneAccessLogLineWithoutTheToken() throws Exception {
        String client = client();
        String token = token(client, List.of("wla-readers"));
        try (io.wlabridge.testing.LogCapture logs = new io.wlabridge.testing.LogCapture()) {
            call("GET", "/v1/metadata/topics?x=1", token, null);
            call("GET", "/v1/status", null, null);
            // produce runs on the bridge's own asynchronous consumer, the rest on Camel's
            String topic = "api-access-" + UUID.randomUUID().toString().substring(0, 8);
            KafkaBroker.broker().createTopic(topic, 1);
            HttpResponse<String> produced = call("POST", "/v1/producer/topics/" + topic, all(), "{\"records\":[{\"value\":\"x\"}]}");
            assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> logs.events().stream()
                    .filter(e -> e.getLoggerName().equals("io.wlabridge.api.access")).count() >= 3);
            List<String> access = logs.events().stream().filter(e -> e.getLoggerName().equals("io.wlabridge.api.access"))
                    .map(e -> e.getFormattedMessage()).toList();
            assertThat(access).anyMatch(line -> line.matches("client=" + client
                    + " method=GET path=/v1/metadata/topics status=200 duration_ms=\\d+"));
            assertThat(access).anyMatch(line -> line.matches("client=- method=GET path=/v1/status status=401 duration_ms=\\d+"));
            assertThat(access).anyMatch(line -> line.matches("client=\\S+ method=POST path=/v1/producer/topics/" + topic
                    + " status=200 duration_ms=\\d+"));
            assertThat(access).as("one line per request").hasSize(3);
            assertThat(logs.all()).doesNotContain(token);
        }
    }

    @Test
    void theManagementServerListensOnLoopbackOnlyByDefaultTheHttpServerOnEveryInterface() throws Exception {
        java.net.InetAddress outside = java.util.Collections.list(java.net.NetworkInterface.getNetworkInterfaces()).stream()
                .flatMap(i -> java.util.Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof java.net.Inet4Address && !a.isLoopbackAddress()).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(outside != null, "this host has no non-loopback IPv4 address");
        int httpPort = URI.create(base).getPort();

        assertThat(connects(java.net.InetAddress.getLoopbackAddress(), managementPort)).isTrue();
        assertThat(connects(outside, managementPort)).as("management on " + outside).isFalse();
        assertThat(connects(outside, httpPort)).as("HTTP on " + outside).isTrue();
    }

    static boolean connects(java.net.InetAddress address, int port) {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress(address, port), 2000);
            return true;
        } catch (java.io.IOException refused) {
            return false;
        }
    }

    // --- v1 produce, consume, create

    @Test
    void v1ProduceWritesStringsNumbersObjectsAndArrays() throws Exception {
        String topic = topic(2);
        String body = "{\"records\":[{\"key\":\"key1\",\"value\":\"a string\"},{\"partition\":1,\"value\":5},"
                + "{\"value\":3.14},{\"value\":{\"id\":1,\"name\":\"nested\"}},{\"value\":[{\"id\":1},{\"id\":2}]}]}";
        HttpResponse<String> response = call("POST", "/v1/producer/topics/" + topic, all(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("offsets")).hasSize(5);

        List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.consumeAll(topic, 5, Duration.ofSeconds(30));
        assertThat(records).extracting(r -> utf8(r.value())).containsExactlyInAnyOrder("a string", "5", "3.14",
                "{\"id\":1,\"name\":\"nested\"}", "[{\"id\":1},{\"id\":2}]");
        assertThat(records).filteredOn(r -> "a string".equals(utf8(r.value()))).extracting(r -> utf8(r.key())).containsExactly("key1");
        assertThat(records).filteredOn(r -> "5".equals(utf8(r.value()))).extracting(ConsumerRecord::partition).containsExactly(1);
    }

    @Test
    void v1ProduceRejectsMalformedBodiesNamingTheField() throws Exception {
        String topic = topic(1);
        String token = all();
        assertError(call("POST", "/v1/producer/topics/" + topic, token, "{\"records\":[{\"value\":"), 400, "not valid JSON");
        assertError(call("POST", "/v1/producer/topics/" + topic, token, "{\"rec\":[]}"), 400, "'records'");
        assertError(call("POST", "/v1/producer/topics/" + topic, token, "{\"records\":[{\"value\":1},{\"key\":\"k\"}]}"),
                400, "records[1].value");
        assertError(call("POST", "/v1/producer/topics/" + topic, token, "{\"records\":[{\"value\":1,\"partition\":\"x\"}]}"),
                400, "records[0].partition");
        assertError(call("POST", "/v1/producer/topics/" + topic, token, "{\"records\":[{\"value\":1,\"partition\":3}]}"),
                404, "records[0].partition");
        // nothing of a refused request is written
        assertThat(KafkaBroker.consumeAll(topic, 0, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void v1ProduceAnswersWhatKafkaRefusedAfterTakingTheRecord() throws Exception {
        // the broker refuses a record larger than the topic allows once the producer has sent it: the answer comes from
        // Kafka's callback (the route holds no thread meanwhile), a 413 naming the record, and nothing is written
        String topic = topic(1, Map.of("max.message.bytes", "1024"));
        String body = "{\"records\":[{\"value\":\"" + "x".repeat(4000) + "\"}]}";
        String token = all();
        assertError(call("POST", "/v1/producer/topics/" + topic, token, body), 413, "'records[0]' is larger than Kafka accepts");
        assertThat(KafkaBroker.consumeAll(topic, 0, Duration.ofSeconds(2))).isEmpty();
        // and the next request is answered as usual
        HttpResponse<String> small = call("POST", "/v1/producer/topics/" + topic, token, "{\"records\":[{\"value\":\"small\"}]}");
        assertThat(small.statusCode()).as(small.body()).isEqualTo(200);
        assertThat(json(small).get("offsets").get(0).get("offset").asLong()).isGreaterThanOrEqualTo(0);
        // token verified and topic acknowledged: the route now runs on the event loop (AsyncHttpConsumer), same answers
        assertError(call("POST", "/v1/producer/topics/" + topic, token, body), 413, "'records[0]' is larger than Kafka accepts");
        HttpResponse<String> again = call("POST", "/v1/producer/topics/" + topic, token, "{\"records\":[{\"value\":\"again\"}]}");
        assertThat(again.statusCode()).as(again.body()).isEqualTo(200);
        assertThat(KafkaBroker.consumeAll(topic, 2, Duration.ofSeconds(30))).extracting(r -> utf8(r.value()))
                .containsExactly("small", "again");
    }

    @Test
    void v1ProduceSeesAPartitionAddedMeanwhileAndConsumeSwitchesBetweenPartitionsAndOffsets() throws Exception {
        String topic = topic(1);
        String token = all();
        String produce = "/v1/producer/topics/" + topic;
        assertThat(call("POST", produce, token, "{\"records\":[{\"value\":\"p0-a\"},{\"value\":\"p0-b\"}]}").statusCode())
                .isEqualTo(200);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.createPartitions(Map.of(topic, NewPartitions.increaseTo(2))).all().get();
        }
        // the bridge knew the topic with one partition; a record for the new one makes it ask Kafka again
        HttpResponse<String> grown = call("POST", produce, token, "{\"records\":[{\"partition\":1,\"value\":\"p1-a\"}]}");
        assertThat(grown.statusCode()).as(grown.body()).isEqualTo(200);
        assertThat(json(grown).get("offsets").get(0).get("partition").asInt()).isEqualTo(1);
        assertError(call("POST", produce, token, "{\"records\":[{\"partition\":2,\"value\":1}]}"), 404, "partition");

        // consumers are reused between requests: each request still reads its own partition from its own offset
        String consume = "/v1/consumer/topics/" + topic + "/partitions/";
        for (int round = 0; round < 2; round++) {
            assertThat(json(call("GET", consume + "0/offsets/1", token, null)).get("records").get(0).get("value").asText())
                    .isEqualTo("p0-b");
            assertThat(json(call("GET", consume + "1/offsets/0", token, null)).get("records").get(0).get("value").asText())
                    .isEqualTo("p1-a");
            assertThat(json(call("GET", consume + "0/offsets/0?count=5", token, null)).get("records"))
                    .extracting(r -> r.get("value").asText()).containsExactly("p0-a", "p0-b");
        }
    }

    @Test
    void v1ConsumeReadsWhatAPlainProducerWroteWithNextOffset() throws Exception {
        String topic = topic(1);
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>(topic, 0, "k" + i, "v" + i)).get();
            }
        }
        String token = all();
        String path = "/v1/consumer/topics/" + topic + "/partitions/0/offsets/";
        HttpResponse<String> first = call("GET", path + "0?count=2", token, null);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(first.headers().firstValue("NextOffset")).hasValue("2");
        JsonNode records = json(first).get("records");
        assertThat(records).hasSize(2);
        assertThat(records.get(0).get("key").asText()).isEqualTo("k0");
        assertThat(records.get(0).get("value").asText()).isEqualTo("v0");
        assertThat(records.get(1).get("offset").asLong()).isEqualTo(1);
        assertThat(records.get(1).get("partition").asInt()).isZero();
        assertThat(records.get(1).get("timestamp").asLong()).isPositive();
        assertThat(records.get(1).get("timestampType").asText()).isEqualTo("CreateTime");

        HttpResponse<String> rest = call("GET", path + "2?count=10", token, null);
        assertThat(json(rest).get("records")).hasSize(1);
        assertThat(rest.headers().firstValue("NextOffset")).hasValue("3");

        HttpResponse<String> caughtUp = call("GET", path + "3", token, null);
        assertThat(json(caughtUp).get("records")).isEmpty();
        assertThat(caughtUp.headers().firstValue("NextOffset")).hasValue("3");

        HttpResponse<String> defaultCount = call("GET", path + "0", token, null);
        assertThat(json(defaultCount).get("records")).hasSize(1);
        assertError(call("GET", path + "0?count=abc", token, null), 400, "count");
        assertError(call("GET", "/v1/consumer/topics/" + topic + "/partitions/4/offsets/0", token, null), 404, "partition 4");
    }

    @Test
    void aQueryParameterCannotReplaceThePathTopicAndOtherMethodsAre405() throws Exception {
        String topic = topic(1);
        call("POST", "/v1/producer/topics/" + topic, all(), "{\"records\":[{\"value\":\"mine\"}]}");
        String reader = token(client(), List.of("wla-readers"));
        HttpResponse<String> response = call("GET", "/v1/consumer/topics/" + topic + "/partitions/0/offsets/0?topic=secret.t",
                reader, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(json(response).get("records").get(0).get("value").asText()).isEqualTo("mine");
        assertThat(call("DELETE", "/v1/topics/" + topic, all(), null).statusCode()).isEqualTo(405);
    }

    @Test
    void v1CreateTopicMakesItVisibleAndRefusesASecond() throws Exception {
        String topic = "api-new-" + UUID.randomUUID().toString().substring(0, 8);
        String token = all();
        HttpResponse<String> created = call("PUT", "/v1/topics/" + topic, token,
                "{\"partition_count\":3,\"replication_factor\":1,\"topic_properties\":{\"retention.ms\":604800000,"
                        + "\"cleanup.policy\":\"delete\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        HttpResponse<String> partitions = call("GET", "/v1/metadata/topics/" + topic + "/partitions", token, null);
        assertThat(json(partitions).get("partitions")).hasSize(3);
        assertError(call("PUT", "/v1/topics/" + topic, token, "{\"partition_count\":1}"), 409, "already exists");
        assertError(call("PUT", "/v1/topics/api-x-" + UUID.randomUUID(), token, "{\"partition_count\":\"many\"}"), 400,
                "partition_count");
        String producer = token(client(), List.of("wla-producers"));
        assertError(call("PUT", "/v1/topics/api-y-" + UUID.randomUUID(), producer, null), 403, "create");
    }

    // --- v3

    @Test
    void v3ProducesJsonStringAndBinaryWithOneReportEach() throws Exception {
        String topic = topic(1);
        String body = "{\"key\":{\"type\":\"STRING\",\"data\":\"JOB-42\"},\"value\":{\"type\":\"JSON\",\"data\":{\"rc\":0}},"
                + "\"headers\":[{\"name\":\"run-id\",\"value\":\"MjAyNi0wMS0xNQ==\"}],\"timestamp\":\"2026-01-15T10:30:00Z\"}\n"
                + "{\"value\":{\"type\":\"BINARY\",\"data\":\"" + Base64.getEncoder().encodeToString(new byte[] {1, 2, 3}) + "\"}}\n"
                + "{\"value\":{\"type\":\"BINARY\",\"data\":1}}";
        HttpResponse<String> response = call("POST", "/v3/clusters/lkc-1/topics/" + topic + "/records", all(), body);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.body()).contains("\r\n");
        List<JsonNode> reports = reports(response);
        assertThat(reports).hasSize(3);
        assertThat(reports.get(0).get("error_code").asInt()).isEqualTo(200);
        assertThat(reports.get(0).get("cluster_id").asText()).isEqualTo("lkc-1");
        assertThat(reports.get(0).get("topic_name").asText()).isEqualTo(topic);
        assertThat(reports.get(0).get("timestamp").asText()).isEqualTo("2026-01-15T10:30:00Z");
        assertThat(reports.get(0).get("key").get("type").asText()).isEqualTo("STRING");
        assertThat(reports.get(0).get("key").get("size").asInt()).isEqualTo(6);
        assertThat(reports.get(1).get("error_code").asInt()).isEqualTo(200);
        assertThat(reports.get(1).has("key")).isFalse();
        assertThat(reports.get(2).get("error_code").asInt()).isEqualTo(400);
        assertThat(reports.get(2).get("message").asText()).contains("not a base64 string");

        List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.consumeAll(topic, 2, Duration.ofSeconds(30));
        assertThat(records).hasSize(2);
        assertThat(utf8(records.get(0).key())).isEqualTo("JOB-42");
        assertThat(utf8(records.get(0).value())).isEqualTo("{\"rc\":0}");
        assertThat(utf8(records.get(0).headers().lastHeader("run-id").value())).isEqualTo("2026-01-15");
        assertThat(records.get(1).value()).containsExactly(1, 2, 3);
    }

    @Test
    void v3AvroIsValidatedAndWrittenInConfluentWireFormat() throws Exception {
        String topic = topic(1);
        String token = all();
        String raw = "{\"value\":{\"type\":\"AVRO\",\"schema\":" + JSON.writeValueAsString(AVRO_SCHEMA)
                + ",\"data\":{\"system\":\"CLAIMS\",\"days\":30,\"note\":{\"string\":\"first\"}}}}";
        List<JsonNode> first = reports(call("POST", "/v3/clusters/c/topics/" + topic + "/records", token, raw));
        assertThat(first).hasSize(1);
        assertThat(first.get(0).get("error_code").asInt()).as(first.get(0).toString()).isEqualTo(200);
        JsonNode value = first.get(0).get("value");
        assertThat(value.get("type").asText()).isEqualTo("AVRO");
        assertThat(value.get("subject").asText()).isEqualTo(topic + "-value");
        int schemaId = value.get("schema_id").asInt();

        String byId = "{\"value\":{\"schema_id\":" + schemaId + ",\"data\":{\"system\":\"BILLING\",\"days\":7,\"note\":null}}}"
                + "{\"value\":{\"schema_id\":" + schemaId + ",\"data\":{\"system\":\"BAD\",\"days\":\"seven\",\"note\":null}}}"
                + "{\"value\":{\"schema_version\":1,\"data\":{\"system\":\"POLICY\",\"days\":1,\"note\":null}}}"
                + "{\"value\":{\"data\":{\"system\":\"LATEST\",\"days\":2,\"note\":null}}}"
                + "{\"value\":{\"type\":\"AVRO\",\"data\":{\"system\":\"X\",\"days\":2,\"note\":null}}}";
        List<JsonNode> reports = reports(call("POST", "/v3/clusters/c/topics/" + topic + "/records", token, byId));
        assertThat(reports).extracting(r -> r.get("error_code").asInt()).containsExactly(200, 422, 200, 200, 400);
        assertThat(reports.get(1).get("message").asText()).contains("42207").contains("value");
        assertThat(reports.get(2).get("value").get("schema_version").asInt()).isEqualTo(1);

        List<ConsumerRecord<byte[], byte[]>> records = KafkaBroker.consumeAll(topic, 4, Duration.ofSeconds(30));
        assertThat(records).hasSize(4);
        ConfluentDecoder decoder = new ConfluentDecoder(SchemaRegistry.url());
        List<String> systems = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : records) {
            assertThat(decoder.schemaId(record.value())).isEqualTo(schemaId);
            GenericRecord decoded = decoder.decode(record.value());
            systems.add(decoded.get("system").toString());
        }
        assertThat(systems).containsExactly("CLAIMS", "BILLING", "POLICY", "LATEST");
        assertThat(decoder.decode(records.get(0).value()).get("note").toString()).isEqualTo("first");
    }

    @Test
    void v3StreamedChunkedRequestGetsOneReportPerRecordAndStopsAtMalformedJson() throws Exception {
        String topic = topic(1);
        String records = "{\"value\":{\"type\":\"STRING\",\"data\":\"one\"}}\r\n"
                + "{\"value\":{\"type\":\"STRING\",\"data\":2}}\r\n"
                + "{\"value\":{\"type\":\"JSON\",\"data\":[3]}}\r\n"
                + "{\"value\":{\"type\":\"STRING\",\"data\":\"broken\"\r\n"
                + "{\"value\":{\"type\":\"STRING\",\"data\":\"never\"}}";
        // no length: the JDK client sends Transfer-Encoding: chunked
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/v3/clusters/c/topics/" + topic + "/records"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + all())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(records.getBytes(StandardCharsets.UTF_8))))
                .build();
        HttpClient http11 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> response = http11.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        // streamed back: no length, chunked
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
        assertThat(response.headers().firstValue("Transfer-Encoding")).hasValueSatisfying(v -> assertThat(v).containsIgnoringCase("chunked"));
        List<JsonNode> reports = reports(response);
        assertThat(reports).extracting(r -> r.get("error_code").asInt()).containsExactly(200, 400, 200, 400);
        assertThat(reports.get(3).get("message").asText()).contains("not valid JSON");
        assertThat(KafkaBroker.consumeAll(topic, 2, Duration.ofSeconds(30))).extracting(r -> utf8(r.value()))
                .containsExactly("one", "[3]");
    }

    @Test
    void v3RefusesWrongContentTypeAndEmptyBody() throws Exception {
        String topic = topic(1);
        HttpRequest text = HttpRequest.newBuilder(URI.create(base + "/v3/clusters/c/topics/" + topic + "/records"))
                .header("Content-Type", "text/plain").header("Authorization", "Bearer " + all())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        assertError(HTTP.send(text, HttpResponse.BodyHandlers.ofString()), 415, "Content-Type");
        assertError(call("POST", "/v3/clusters/c/topics/" + topic + "/records", all(), " "), 422, "empty");
        List<JsonNode> missing = reports(call("POST", "/v3/clusters/c/topics/api-missing-" + UUID.randomUUID() + "/records",
                all(), "{\"value\":{\"type\":\"STRING\",\"data\":\"x\"}}"));
        assertThat(missing.get(0).get("error_code").asInt()).isEqualTo(40401);
    }

    // --- limits

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String topic = topic(1);
        String big = "{\"records\":[{\"value\":\"" + "x".repeat(70_000) + "\"}]}";
        assertError(call("POST", "/v1/producer/topics/" + topic, all(), big), 413, "larger than 65536");
        // chunked, so without Content-Length: refused once read
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(base + "/v3/clusters/c/topics/" + topic + "/records"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + all())
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(
                        ("{\"value\":{\"type\":\"STRING\",\"data\":\"" + "y".repeat(70_000) + "\"}}").getBytes(StandardCharsets.UTF_8))))
                .build();
        assertError(HTTP.send(chunked, HttpResponse.BodyHandlers.ofString()), 413, "larger than 65536");
        assertThat(KafkaBroker.consumeAll(topic, 0, Duration.ofSeconds(2))).isEmpty();
    }

    @Test
    void aClientOverItsRateGets429WithRetryAfterOthersDoNot() throws Exception {
        String greedy = token(client(), List.of("wla-readers"));
        HttpResponse<String> limited = null;
        for (int i = 0; i < 100 && limited == null; i++) {
            HttpResponse<String> response = call("GET", "/v1/metadata/topics", greedy, null);
            if (response.statusCode() == 429) {
                limited = response;
            } else {
                assertThat(response.statusCode()).isEqualTo(200);
            }
        }
        assertThat(limited).as("no 429 within 100 requests").isNotNull();
        assertError(limited, 429, "too many requests");
        assertThat(limited.headers().firstValue("Retry-After")).hasValueSatisfying(v -> assertThat(Long.parseLong(v)).isPositive());
        assertThat(call("GET", "/v1/metadata/topics", token(client(), List.of("wla-readers")), null).statusCode()).isEqualTo(200);
    }

    @Test
    void fuzzedJsonBodiesNeverCauseA500() throws Exception {
        String topic = "fuzz-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, KafkaBroker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 2, (short) 1))).all().get();
        }
        Random random = new Random(20261123L);
        String[] seeds = {
                "{\"records\":[{\"key\":\"k\",\"value\":\"v\",\"partition\":1},{\"value\":{\"a\":[1,2,{\"b\":null}]}}]}",
                "{\"value\":{\"type\":\"JSON\",\"data\":{\"x\":1}},\"key\":{\"type\":\"STRING\",\"data\":\"k\"},\"partition_id\":0}",
                "{\"value\":{\"type\":\"AVRO\",\"schema\":" + JSON.writeValueAsString(AVRO_SCHEMA)
                        + ",\"data\":{\"system\":\"S\",\"days\":1,\"note\":null}}}",
                "{\"value\":{\"type\":\"BINARY\",\"data\":\"AQID\"},\"headers\":[{\"name\":\"h\",\"value\":\"AA==\"}],"
                        + "\"timestamp\":\"2026-01-15T10:30:00Z\"}",
                "{\"partition_count\":2,\"replication_factor\":1,\"topic_properties\":{\"retention.ms\":1000}}"};
        String[] paths = {"/v1/producer/topics/" + topic, "/v3/clusters/c/topics/" + topic + "/records",
                "/v3/clusters/c/topics/" + topic + "/records", "/v3/clusters/c/topics/" + topic + "/records",
                "/v1/topics/" + topic + "-new"};
        String[] methods = {"POST", "POST", "POST", "POST", "PUT"};
        String[] fragments = {"{", "}", "[", "]", ",", ":", "\"", "null", "-1", "1e999", "\"\\u0000\"", "true",
                "{\"type\":\"AVRO\"}", "\"partition\"", "\"records\"", "[[[[", "\"data\"", "99999999999999999999"};
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 15; i++) {
            tokens.add(token("fuzzer-" + i + "-" + UUID.randomUUID(), List.of("wla-fuzz")));
        }
        Map<Integer, Integer> statuses = new java.util.TreeMap<>();
        for (int i = 0; i < 300; i++) {
            int pick = random.nextInt(seeds.length);
            String seed = seeds[pick];
            String body = switch (random.nextInt(4)) {
                case 0 -> seed.substring(0, random.nextInt(seed.length()));
                case 1 -> {
                    StringBuilder mutated = new StringBuilder(seed);
                    for (int m = random.nextInt(4) + 1; m > 0; m--) {
                        int at = random.nextInt(mutated.length());
                        mutated.insert(at, fragments[random.nextInt(fragments.length)]);
                    }
                    yield mutated.toString();
                }
                case 2 -> {
                    byte[] noise = new byte[random.nextInt(200)];
                    random.nextBytes(noise);
                    yield new String(noise, StandardCharsets.ISO_8859_1);
                }
                default -> {
                    StringBuilder joined = new StringBuilder();
                    for (int f = random.nextInt(12); f > 0; f--) {
                        joined.append(fragments[random.nextInt(fragments.length)]);
                    }
                    yield joined.toString();
                }
            };
            HttpResponse<String> response = call(methods[pick], paths[pick], tokens.get(i % tokens.size()), body);
            statuses.merge(response.statusCode(), 1, Integer::sum);
            assertThat(response.statusCode()).as("request %d (%s %s): %s", i, methods[pick], paths[pick], response.body())
                    .isLessThan(500);
            assertThat(response.body()).doesNotContain("\tat ").doesNotContain("Exception");
        }
        assertThat(statuses).containsKey(400);
        HttpResponse<String> after = call("POST", "/v1/producer/topics/" + topic, token(client(), List.of("wla-fuzz")),
                "{\"records\":[{\"value\":\"still alive\"}]}");
        assertThat(after.statusCode()).isEqualTo(200);
    }
}
