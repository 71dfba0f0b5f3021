package io.wlabridge.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * README's second step as a user runs it: the demo jar's {@code demo --serve} (on free ports) is the whole service on
 * the embedded default. What its one printed block names works: the overview's /api/jobs, health on the management
 * port, a token from the printed issuer with the printed client credentials producing through the HTTP bridge, the
 * record read back through the bridge and from the printed Kafka bootstrap, the printed operator login starting a run.
 * SIGTERM closes everything: exit 0, every port free, nothing more on stdout.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DemoServeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LAST_LINE = "Logs go to stderr. Ctrl-C stops everything.\n";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private static Process demo;
    private static Path stdout;
    private static Path stderr;
    private static List<Integer> ports;
    private static String block;

    @BeforeAll
    static void startDemoAndAwaitTheBlock() throws Exception {
        Path jar = Path.of("target", "wla-bridge-demo.jar");
        assertThat(jar).as("mvn package builds the demo jar").exists();
        ports = freePorts(5);
        stdout = Files.createTempFile("demo-serve", ".out");
        stderr = Files.createTempFile("demo-serve", ".err");
        Path spool = Files.createTempDirectory("demo-serve-spool");
        demo = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "demo", "--serve",
                "--wla.http.port=" + ports.get(0), "--wla.management.port=" + ports.get(1),
                "--kafka-port=" + ports.get(2), "--registry-port=" + ports.get(3), "--issuer-port=" + ports.get(4),
                "--wla.spool.dir=" + spool)
                .redirectOutput(stdout.toFile())
                .redirectError(stderr.toFile())
                .start();
        await().atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofMillis(250)).until(() -> {
            if (!demo.isAlive()) {
                throw new AssertionError("demo --serve exited with " + demo.exitValue() + " before printing its block;"
                        + " stderr ends with:\n" + tail(stderr));
            }
            return Files.readString(stdout, StandardCharsets.UTF_8).endsWith(LAST_LINE);
        });
        block = Files.readString(stdout, StandardCharsets.UTF_8);
    }

    @AfterAll
    static void stopDemo() throws Exception {
        if (demo != null && demo.isAlive()) {
            demo.destroyForcibly().waitFor(1, TimeUnit.MINUTES);
        }
    }

    @Test
    @Order(1)
    void blockNamesEveryAddressOnTheGivenPorts() {
        assertThat(printed("overview")).isEqualTo("http://127.0.0.1:" + ports.get(0) + "/");
        assertThat(printed("jobs API")).isEqualTo("http://127.0.0.1:" + ports.get(0) + "/api/jobs");
        assertThat(printed("health")).isEqualTo("http://127.0.0.1:" + ports.get(1) + "/observe/health");
        assertThat(printed("metrics")).isEqualTo("http://127.0.0.1:" + ports.get(1) + "/observe/metrics");
        assertThat(printed("HTTP bridge")).isEqualTo("http://127.0.0.1:" + ports.get(0));
        assertThat(printed("Kafka bootstrap")).isEqualTo("127.0.0.1:" + ports.get(2));
        assertThat(printed("Schema Registry")).isEqualTo("http://127.0.0.1:" + ports.get(3));
        assertThat(printed("token URL")).isEqualTo("http://127.0.0.1:" + ports.get(4) + "/oauth2/v2.0/token");
        assertThat(block).contains("curl -X POST -H \"Authorization: Bearer $TOKEN\"")
                .contains("/v1/producer/topics/" + DemoService.TRY_TOPIC);
    }

    @Test
    @Order(2)
    void overviewListsTheTimeTravelJobItRanOnce() throws Exception {
        HttpResponse<String> jobs = get(printed("jobs API"), null);

        assertThat(jobs.statusCode()).as(jobs.body()).isEqualTo(200);
        JsonNode job = JSON.readTree(jobs.body()).get("jobs").get(0);
        assertThat(job.get("id").asText()).isEqualTo("timetravel-daily");
        assertThat(job.get("lastRun").get("outcome").asText()).isEqualTo("SUCCEEDED_WITH_DEAD_LETTERS");
    }

    @Test
    @Order(3)
    void healthIsUpOnTheManagementPort() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> health = get(printed("health"), null);
            assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
            assertThat(JSON.readTree(health.body()).get("status").asText()).isEqualTo("UP");
        });
    }

    @Test
    @Order(4)
    void printedClientCredentialsProduceThroughTheBridgeAndTheRecordIsReadBack() throws Exception {
        String form = "grant_type=client_credentials&client_id=" + encode(printed("client id"))
                + "&client_secret=" + encode(printed("client secret")) + "&scope=" + encode("api://wla-bridge/.default");
        HttpResponse<String> tokenResponse = send(HttpRequest.newBuilder(URI.create(printed("token URL")))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)));
        assertThat(tokenResponse.statusCode()).as(tokenResponse.body()).isEqualTo(200);
        String token = JSON.readTree(tokenResponse.body()).get("access_token").asText();
        String bridge = printed("HTTP bridge");
        String topic = DemoService.TRY_TOPIC;
        String key = "it-" + UUID.randomUUID();

        HttpResponse<String> produced = send(HttpRequest.newBuilder(URI.create(bridge + "/v1/producer/topics/" + topic))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"records\": [{\"key\": \"" + key + "\", \"value\": {\"id\": 42}}]}")));
        assertThat(produced.statusCode()).as(produced.body()).isEqualTo(200);
        JsonNode offset = JSON.readTree(produced.body()).get("offsets").get(0);

        HttpResponse<String> consumed = get(bridge + "/v1/consumer/topics/" + topic + "/partitions/"
                + offset.get("partition").asInt() + "/offsets/" + offset.get("offset").asLong() + "?count=1", token);
        assertThat(consumed.statusCode()).as(consumed.body()).isEqualTo(200);
        JsonNode record = JSON.readTree(consumed.body()).get("records").get(0);
        assertThat(record.get("key").asText()).isEqualTo(key);
        assertThat(record.get("value").asText()).isEqualTo("{\"id\":42}");

        List<ConsumerRecord<String, byte[]>> onKafka = TopicReader.readAll(printed("Kafka bootstrap"), topic, Duration.ofSeconds(30));
        assertThat(onKafka).anySatisfy(r -> {
            assertThat(r.key()).isEqualTo(key);
            assertThat(new String(r.value(), StandardCharsets.UTF_8)).isEqualTo("{\"id\":42}");
        });
        assertThat(get(bridge + "/v1/metadata/topics", null).statusCode()).as("no token, no answer").isEqualTo(401);
    }

    @Test
    @Order(5)
    void printedOperatorLoginStartsARunFromTheOverview() throws Exception {
        Matcher login = Pattern.compile("(?m)^  operator login\\s+(\\S+) / (\\S+)").matcher(block);
        assertThat(login.find()).as(block).isTrue();
        String runs = printed("jobs API") + "/timetravel-daily/runs";

        assertThat(post(runs, login.group(1) + ":wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> started = post(runs, login.group(1) + ":" + login.group(2));

        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).get("runId").asText();
        // ended before the process is stopped, so that stopping does not wait for it
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> {
            JsonNode all = JSON.readTree(get(runs, null).body()).get("runs");
            assertThat(all).anySatisfy(run -> {
                assertThat(run.get("runId").asText()).isEqualTo(runId);
                assertThat(run.get("end").isNull()).isFalse();
            });
        });
    }

    @Test
    @Order(6)
    void sigtermClosesEverythingExitsZeroAndFreesEveryPort() throws Exception {
        demo.destroy();

        assertThat(demo.waitFor(2, TimeUnit.MINUTES)).as("exits after SIGTERM").isTrue();
        assertThat(demo.exitValue()).as(tail(stderr)).isZero();
        for (int port : ports) {
            assertThatCode(() -> {
                try (ServerSocket socket = new ServerSocket()) {
                    socket.setReuseAddress(true);
                    socket.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
                }
            }).as("port %d is free", port).doesNotThrowAnyException();
        }
        assertThat(Files.readString(stdout, StandardCharsets.UTF_8)).as("stdout stays quiet after the block").isEqualTo(block);
    }

    // --- helpers

    /** The value printed after {@code label} in the block. */
    private static String printed(String label) {
        Matcher matcher = Pattern.compile("(?m)^  " + Pattern.quote(label) + "\\s+(\\S+)").matcher(block);
        assertThat(matcher.find()).as("the block names %s:%n%s", label, block).isTrue();
        return matcher.group(1);
    }

    private static HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private static HttpResponse<String> post(String url, String userAndPassword) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(url)).POST(HttpRequest.BodyPublishers.noBody())
                .header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(userAndPassword.getBytes(StandardCharsets.UTF_8))));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** {@code count} distinct free ports of 127.0.0.1 (held open together, so no two are the same). */
    private static List<Integer> freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                sockets.add(new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1")));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static String tail(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        return String.join(System.lineSeparator(), lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    }
}
