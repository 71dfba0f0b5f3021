package io.wlabridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import ch.qos.logback.classic.Level;
import com.azure.security.keyvault.secrets.SecretClient;
import com.zaxxer.hikari.HikariDataSource;
import org.apache.camel.main.MainListener;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.CheckCommand;
import io.wlabridge.cli.Options;
import io.wlabridge.cli.RunCommand;
import io.wlabridge.demo.RegistryStandIn;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.RunOutcome;
import io.wlabridge.kafka.RotatedCredentials;
import io.wlabridge.testing.ClientCertificate;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.KeyVaultStandIn;
import io.wlabridge.testing.LogCapture;

/**
 * {@code {{azure:...}}} secrets through Camel's own KeyVaultPropertiesFunction and the real Azure SDK SecretClient
 * (HTTPS, bearer challenge, JSON) against a Key Vault stand-in; the registry stand-in requires basic auth with the
 * secret, so a wrong or stale value fails the run.
 */
@ExtendWith(KafkaBroker.class)
class KeyVaultSecretsIT {

    static final String API_KEY = "SR-KEY-KV1";
    static final String FIRST = "kv-secret-first-4d1a9c";
    static final String ROTATED = "kv-secret-rotated-b27e55";
    static final String DB_FIRST = "kv-db-first-93ab10";
    static final String DB_ROTATED = "kv-db-rotated-0f6c2d";

    @TempDir
    static Path dir;
    static KeyVaultStandIn vault;
    static SecretClient secretClient;
    static RegistryStandIn registry;
    JobFixture job;

    @BeforeAll
    static void start() throws Exception {
        vault = KeyVaultStandIn.start(ClientCertificate.create(dir, "vault", "ip:127.0.0.1"));
        registry = new RegistryStandIn().start("127.0.0.1", 0);
    }

    @AfterAll
    static void stop() {
        registry.stop();
        vault.close();
    }

    @BeforeEach
    void freshSecretsSchemaAndTopics() throws Exception {
        secretClient = vault.client();
        vault.setSecret("registry-secret", FIRST);
        vault.setSecret("db-password", DB_FIRST);
        vault.setSecret("kafka-secret", "kafka-first-3e2d");
        vault.setSecret("oauth-secret", "oauth-first-8d20");
        vault.setSecret("overview-secret", "overview-first-61c2");
        registry.requireBasicAuth(API_KEY, FIRST);
        job = new JobFixture(registry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
    }

    static Map<String, String> fromKeyVault(String registrySecret) {
        return Map.of("wla.registry.auth", "basic", "wla.registry.basic-user", API_KEY,
                "wla.registry.basic-password", "{{azure:" + registrySecret + "}}", "wla.registry.retries", "0");
    }

    /** Camel's KeyVaultPropertiesFunction with the SDK client of the stand-in. */
    static MainListener keyVault() {
        return KeyVaultStandIn.camelFunction(secretClient);
    }

    static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString((API_KEY + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void registryPasswordFromKeyVaultSendsAndIsNeverLoggedNorShownByCheck() throws Exception {
        String checkOutput;
        int checkExit;
        try (LogCapture logs = new LogCapture()) {
            JobRun run;
            try (BridgeMain bridge = new BridgeMain(Options.parse("run", JobFixture.JOB)
                    .withOverrides(job.settings(fromKeyVault("registry-secret"))), keyVault()).start()) {
                run = RunCommand.runOnce(bridge, JobFixture.JOB, "test");
            }
            assertThat(run.failure()).isNull();
            assertThat(run.outcome()).isEqualTo(RunOutcome.SUCCEEDED);
            assertThat(run.sent()).isEqualTo(1);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            checkExit = CheckCommand.execute(Options.parse("check").withOverrides(job.settings(fromKeyVault("registry-secret"))),
                    new PrintStream(out, true, StandardCharsets.UTF_8), keyVault());
            checkOutput = out.toString(StandardCharsets.UTF_8);
            assertThat(logs.all()).doesNotContain(FIRST);
        }
        assertThat(registry.lastRequestHeaders().get("Authorization")).isEqualTo(basic(FIRST));
        assertThat(checkOutput).contains("OK   registry subject " + job.topic + "-value").doesNotContain(FIRST);
        assertThat(checkExit).isZero();
        // the SDK met the bearer challenge (it caches it per vault host for the JVM) and asked with its token
        assertThat(vault.challenges()).isPositive();
        assertThat(vault.requests()).anyMatch(r -> r.startsWith("GET /secrets/registry-secret") && r.contains("api-version=7."));
    }

    @Test
    void rotatedSecretsArePickedUpByTheRunningServiceWithoutRestartAndNeverShown() throws Exception {
        Map<String, String> extra = new HashMap<>(fromKeyVault("registry-secret"));
        extra.put("wla.datasource.password", "{{azure:db-password}}");
        // read but unused while Kafka is PLAINTEXT: enough to see which rotated Kafka secrets apply live
        extra.put("wla.kafka.sasl-username", "vault-test-user");
        extra.put("wla.kafka.sasl-password", "{{azure:kafka-secret}}");
        extra.put("wla.kafka.oauth.client-id", "vault-test-client");
        extra.put("wla.kafka.oauth.client-secret", "{{azure:oauth-secret}}");
        extra.put("wla.overview.password", "{{azure:overview-secret}}");
        extra.put("wla.secrets.refresh-period-ms", "200");
        int managementPort = JobFixture.closedPort();
        int httpPort = JobFixture.closedPort();
        extra.put("wla.management.port", String.valueOf(managementPort));
        extra.put("wla.http.port", String.valueOf(httpPort));
        try (LogCapture logs = new LogCapture();
                BridgeMain service = new BridgeMain(Options.parse().withOverrides(job.settings(extra)), keyVault()).start()) {
            JobRun first = RunCommand.runOnce(service, JobFixture.JOB, "test");
            assertThat(first.failure()).isNull();
            assertThat(first.sent()).isEqualTo(1);
            HikariDataSource pool = service.context().getRegistry().lookupByNameAndType("dataSource", HikariDataSource.class);
            assertThat(pool.getPassword()).isEqualTo(DB_FIRST);
            String shown = everyJmxAttribute() + get(managementPort, "/observe/health") + get(managementPort, "/observe/metrics")
                    + get(httpPort, "/") + get(httpPort, "/api/jobs");
            assertThat(get(httpPort, "/api/jobs")).contains("timetravel-daily");
            assertThat(get(managementPort, "/observe/health")).contains("UP");
            assertThat(shown).doesNotContain(FIRST).doesNotContain(DB_FIRST);

            // rotation: a new version in Key Vault, and the registry accepts only the new secret from now on
            vault.setSecret("registry-secret", ROTATED);
            vault.setSecret("db-password", DB_ROTATED);
            vault.setSecret("kafka-secret", "kafka-rotated-5c0e");
            vault.setSecret("oauth-secret", "oauth-rotated-19b7");
            vault.setSecret("overview-secret", "overview-rotated-a4f3");
            registry.requireBasicAuth(API_KEY, ROTATED);
            await().atMost(Duration.ofSeconds(30)).until(() -> logs.all().contains("secret wla.registry.basic-password rotated")
                    && logs.all().contains("secret wla.datasource.password rotated")
                    && logs.all().contains("secret wla.kafka.sasl-password rotated")
                    && logs.all().contains("secret wla.kafka.oauth.client-secret rotated")
                    && logs.all().contains("secret wla.overview.password rotated"));

            long registryRequests = registry.requestCount();
            JobRun second = RunCommand.runOnce(service, JobFixture.JOB, "test");
            // the run resolves its schema id with a new registry client: that request carried the rotated secret
            assertThat(second.failure()).isNull();
            assertThat(second.outcome()).isIn(RunOutcome.SUCCEEDED);
            assertThat(registry.requestCount()).isGreaterThan(registryRequests);
            assertThat(registry.lastRequestHeaders().get("Authorization")).isEqualTo(basic(ROTATED));
            assertThat(pool.getPassword()).isEqualTo(DB_ROTATED);
            assertThat(RotatedCredentials.saslPassword("vault-test-user", "configured")).isEqualTo("kafka-rotated-5c0e");
            assertThat(logs.lines(Level.INFO)).anyMatch(line -> line.startsWith("secret wla.kafka.sasl-password rotated in Key Vault")
                    && line.contains("new Kafka connections"));
            assertThat(RotatedCredentials.clientSecret("vault-test-client", "configured")).isEqualTo("oauth-rotated-19b7");
            assertThat(logs.lines(Level.INFO)).anyMatch(line -> line.startsWith("secret wla.kafka.oauth.client-secret rotated in Key Vault")
                    && line.contains("next OAuth token request"));
            assertThat(logs.lines(Level.WARN)).anyMatch(line -> line.startsWith("secret wla.overview.password rotated in Key Vault")
                    && line.contains("restart the service"));
            assertThat(logs.all()).doesNotContain("kafka-first-3e2d").doesNotContain("kafka-rotated-5c0e")
                    .doesNotContain("oauth-first-8d20").doesNotContain("oauth-rotated-19b7")
                    .doesNotContain("overview-first-61c2").doesNotContain("overview-rotated-a4f3");
            assertThat(logs.all()).doesNotContain(FIRST).doesNotContain(ROTATED).doesNotContain(DB_FIRST)
                    .doesNotContain(DB_ROTATED);
        } finally {
            RotatedCredentials.forget("vault-test-user");
            RotatedCredentials.forget("vault-test-client");
        }
    }

    /** Every readable attribute of every MBean on the platform server (Camel's, the bridge's, Kafka's, the JVM's). */
    static String everyJmxAttribute() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        StringBuilder all = new StringBuilder();
        for (ObjectName name : server.queryNames(null, null)) {
            all.append(name).append('\n');
            for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
                if (attribute.isReadable()) {
                    try {
                        all.append(attribute.getName()).append('=').append(server.getAttribute(name, attribute.getName())).append('\n');
                    } catch (Exception | LinkageError unreadable) {
                        // some attributes are not supported at runtime; nothing to show
                    }
                }
            }
        }
        return all.toString();
    }

    static String get(int port, String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    @Test
    void missingSecretFailsCheckWithOneLineNamingPropertyAndSecret() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CheckCommand.execute(Options.parse("check").withOverrides(job.settings(fromKeyVault("no-such-secret"))),
                new PrintStream(out, true, StandardCharsets.UTF_8), keyVault());
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8).strip())
                .startsWith("FAIL configuration: wla.registry.basic-password is {{azure:no-such-secret}} but Azure Key Vault has no such secret")
                .doesNotContainPattern("\\R");
    }

    @Test
    void secretsFilePassedByTheCallingJobIsReadAndMustBeOwnerOnly() throws Exception {
        Path secrets = Files.writeString(dir.resolve("run-secrets.properties"), "wla.registry.basic-password = " + FIRST + "\n");
        Map<String, String> settings = job.settings(Map.of("wla.registry.auth", "basic", "wla.registry.basic-user", API_KEY,
                "wla.registry.retries", "0"));

        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-r--r--"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = CheckCommand.execute(Options.parse("check", "--secrets-file=" + secrets).withOverrides(settings),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        assertThat(exit).isEqualTo(1);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("may be read by other users (rw-r--r--): chmod 600 it");

        Files.setPosixFilePermissions(secrets, PosixFilePermissions.fromString("rw-------"));
        try (LogCapture logs = new LogCapture();
                BridgeMain bridge = new BridgeMain(Options.parse("run", JobFixture.JOB, "--secrets-file", secrets.toString())
                        .withOverrides(settings)).start()) {
            JobRun run = RunCommand.runOnce(bridge, JobFixture.JOB, "test");
            assertThat(run.failure()).isNull();
            assertThat(run.sent()).isEqualTo(1);
            assertThat(logs.all()).doesNotContain(FIRST);
        }
        assertThat(registry.lastRequestHeaders().get("Authorization")).isEqualTo(basic(FIRST));
    }
}
