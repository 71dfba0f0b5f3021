package io.wlabridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import io.wlabridge.config.ConfigOption;
import io.wlabridge.config.WlaOptions;
import io.wlabridge.demo.RegistryStandIn;
import io.wlabridge.testing.ClientCertificate;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.KeyVaultStandIn;
import io.wlabridge.testing.LogCapture;

/**
 * Every secret setting (WlaOptions.SECRETS) given through the environment, a secrets file and Key Vault never shows
 * in what `check` and the service print, Camel's own lines included ({@code --verbose}): the environment and the file
 * through the packaged jar, as an operator starts it, Key Vault in this JVM (its stand-in needs the test's client).
 * Every secret is given a value, and the settings that make the bridge read them are set (registry basic auth, which
 * the registry stand-in demands, the webhook, SMTP).
 */
@ExtendWith(KafkaBroker.class)
class SecretsNotShownIT {

    private static final Path JAR = Path.of("target", "wla-bridge.jar").toAbsolutePath();
    private static final String API_KEY = "SR-KEY-SECRETS";

    @TempDir
    static Path dir;
    static RegistryStandIn registry;
    static KeyVaultStandIn vault;
    JobFixture job;

    record Output(int exit, String text) {
    }

    @BeforeAll
    static void start() throws Exception {
        registry = new RegistryStandIn().start("127.0.0.1", 0);
        vault = KeyVaultStandIn.start(ClientCertificate.create(dir, "vault", "ip:127.0.0.1"));
    }

    @AfterAll
    static void stop() {
        registry.stop();
        vault.close();
    }

    @BeforeEach
    void fixture() throws Exception {
        job = new JobFixture(registry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
    }

    /** A value of its own for every secret setting, e.g. env-wla-datasource-password-1c9e2a. */
    static Map<ConfigOption, String> secrets(String source) {
        Map<ConfigOption, String> values = new LinkedHashMap<>();
        String run = UUID.randomUUID().toString().substring(0, 6);
        for (ConfigOption secret : WlaOptions.SECRETS) {
            values.put(secret, source + "-" + secret.environmentVariable().toLowerCase(Locale.ROOT).replace('_', '-') + "-" + run);
        }
        registry.requireBasicAuth(API_KEY, values.get(WlaOptions.REGISTRY_BASIC_PASSWORD));
        return values;
    }

    /** The non-secret settings under which the bridge reads the secrets. */
    Map<String, String> settings() throws Exception {
        return job.settings(Map.of("wla.registry.auth", "basic", "wla.registry.basic-user", API_KEY,
                "wla.registry.retries", "0",
                "wla.escalation.webhook-url", "http://127.0.0.1:" + JobFixture.closedPort() + "/tickets",
                "wla.escalation.smtp-host", "127.0.0.1", "wla.escalation.smtp-username", "bridge",
                "wla.escalation.mail-to", "ops@example.org"));
    }

    @Test
    void secretsFromTheEnvironmentAreNeverShown() throws Exception {
        Map<ConfigOption, String> secrets = secrets("env");
        Map<String, String> env = new HashMap<>();
        secrets.forEach((secret, value) -> env.put(secret.environmentVariable(), value));

        Output check = jar(env, "check");
        Output service = service(env);

        assertNotShown(secrets, check.text() + service.text());
        assertThat(check.text()).contains("OK   database", "OK   registry subject " + job.topic + "-value");
        assertThat(check.text()).contains("[OS Environment Variable]      wla.escalation.webhook-token = xxxxxx");
    }

    @Test
    void secretsFromASecretsFileAreNeverShown() throws Exception {
        Map<ConfigOption, String> secrets = secrets("file");
        StringBuilder text = new StringBuilder();
        secrets.forEach((secret, value) -> text.append(secret.name()).append(" = ").append(value).append('\n'));
        Path file = Files.writeString(dir.resolve("secrets-" + UUID.randomUUID() + ".properties"), text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));

        Output check = jar(Map.of(), "check", "--secrets-file=" + file);
        Output service = service(Map.of(), "--secrets-file=" + file);

        assertNotShown(secrets, check.text() + service.text());
        assertThat(check.text()).contains("OK   database", "OK   registry subject " + job.topic + "-value");
        assertThat(check.text()).contains("wla.escalation.webhook-token = xxxxxx");
    }

    @Test
    void secretsFromKeyVaultAreNeverShown() throws Exception {
        Map<ConfigOption, String> secrets = secrets("kv");
        Map<String, String> settings = new HashMap<>(settings());
        secrets.forEach((secret, value) -> {
            String name = secret.environmentVariable().toLowerCase(Locale.ROOT).replace('_', '-');
            vault.setSecret(name, value);
            settings.put(secret.name(), "{{azure:" + name + "}}");
        });
        var function = KeyVaultStandIn.camelFunction(vault.client());
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        Level level = root.getLevel();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String logs;
        root.setLevel(Level.INFO); // every library's lines, as --verbose shows them
        try (LogCapture capture = new LogCapture()) {
            CheckCommand.execute(Options.parse("check").withOverrides(settings), new PrintStream(out, true, StandardCharsets.UTF_8),
                    function);
            try (BridgeMain service = new BridgeMain(Options.parse().withOverrides(settings), function).start()) {
                assertThat(service.context().isStarted()).isTrue();
            }
            logs = capture.all();
        } finally {
            root.setLevel(level);
        }
        String check = out.toString(StandardCharsets.UTF_8);
        assertNotShown(secrets, check + logs);
        assertThat(check).contains("OK   database", "OK   registry subject " + job.topic + "-value");
        assertThat(logs).contains("Property-placeholders summary", "wla.escalation.webhook-token = xxxxxx");
        assertThat(vault.requests()).anyMatch(r -> r.startsWith("GET /secrets/wla-escalation-webhook-token"));
    }

    private static void assertNotShown(Map<ConfigOption, String> secrets, String output) {
        assertThat(output).as("the output is read").contains("Property-placeholders summary");
        secrets.forEach((secret, value) -> assertThat(output).as(secret.name() + " is never shown").doesNotContain(value));
        // what Camel lists of them, it masks
        output.lines().filter(l -> WlaOptions.SECRETS.stream().anyMatch(s -> l.contains(" " + s.name() + " = ")))
                .forEach(l -> assertThat(l).endsWith(" = xxxxxx"));
        // and a setting that is not secret shows as it is
        assertThat(output).containsPattern("wla\\.escalation\\.webhook-url = http://127\\.0\\.0\\.1:\\d+/tickets");
    }

    /** The packaged jar's command with --verbose (every library's lines) and the settings as arguments, run to its end. */
    private Output jar(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as(String.join(" ", args) + " ends").isTrue();
        return new Output(process.exitValue(), Files.readString(output(process), StandardCharsets.UTF_8));
    }

    /** The service started from the packaged jar, stopped (SIGTERM) once Camel has started. */
    private Output service(Map<String, String> env, String... args) throws Exception {
        Process process = start(env, args);
        Path out = output(process);
        try {
            await().atMost(Duration.ofMinutes(3)).until(() -> !process.isAlive()
                    || Files.readString(out, StandardCharsets.UTF_8).contains("(wla-bridge) started in"));
            assertThat(process.isAlive()).as("the service runs: " + Files.readString(out, StandardCharsets.UTF_8)).isTrue();
        } finally {
            process.destroy();
            assertThat(process.waitFor(1, TimeUnit.MINUTES)).isTrue();
        }
        return new Output(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    private final Map<Process, Path> outputs = new HashMap<>();

    private Process start(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-jar", JAR.toString()));
        command.addAll(List.of(args));
        command.add("--verbose");
        settings().forEach((key, value) -> command.add("--" + key + "=" + value));
        File out = Files.createTempFile(dir, "secrets", ".out").toFile();
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out);
        builder.environment().putAll(env);
        Process process = builder.start();
        outputs.put(process, out.toPath());
        return process;
    }

    private Path output(Process process) {
        return outputs.get(process);
    }
}
