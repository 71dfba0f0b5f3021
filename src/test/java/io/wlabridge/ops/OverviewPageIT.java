package io.wlabridge.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.wlabridge.cli.BridgeMain;
import io.wlabridge.cli.Options;
import io.wlabridge.testing.JobFixture;
import io.wlabridge.testing.KafkaBroker;
import io.wlabridge.testing.SchemaRegistry;

/**
 * The overview page in Debian's headless Chromium against the service with real parts (in-process broker, registry
 * stand-in, PostgreSQL), and the trigger's authentication through plain HTTP.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class OverviewPageIT {

    private static final String JOB = JobFixture.JOB;
    private static final String PASSWORD = "correct horse battery staple";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final ObjectMapper JSON = new ObjectMapper();

    private JobFixture job;
    private int httpPort;
    private WebDriver browser;

    @BeforeEach
    void jobWithOneEventAndOneDeadLetter() throws Exception {
        job = new JobFixture(SchemaRegistry.url());
        job.row("CLAIMS", JobFixture.TT.toString(), JobFixture.TT.plusDays(7).toString());
        job.row("PAYROLL", JobFixture.TT.toString(), "31.02.2027");
        httpPort = JobFixture.closedPort();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void pageShowsTheJobAndRunNowStartsARunThatShowsUpWithItsOutcome() throws Exception {
        browser = chromium();
        // the job was due on 1 January and has never run; its deadline is checked every second: it is missed
        Map<String, String> settings = Map.of("wla.overview.password", PASSWORD, "wla.timetravel.cron", "0 0 0 1 1 ?",
                "wla.timetravel.deadline", "* * * * * ?");
        try (BridgeMain bridge = service(settings).start()) {
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> job.db.count(
                    "SELECT COUNT(*) FROM wla_incident WHERE cause = 'DEADLINE_MISSED' AND resolved_at IS NULL") == 1);
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            browser.get("http://127.0.0.1:" + httpPort + "/");

            WebElement row = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("tr[data-job='" + JOB + "']")));
            assertThat(row.getText()).contains(JOB).contains("0 0 0 1 1 ?").contains("Europe/Berlin")
                    .contains("never ran").contains("DLQ 0");
            assertThat(row.findElement(By.cssSelector("td.next-fire")).getText()).isNotEqualTo("–");
            assertThat(row.findElement(By.cssSelector("td.incidents")).getText()).contains("1 open").contains("DEADLINE_MISSED");
            WebElement runNow = row.findElement(By.cssSelector("button.run-now"));
            assertThat(runNow.isEnabled()).as("Run now before signing in").isFalse();
            assertThat(browser.getPageSource()).doesNotContain(PASSWORD);

            browser.findElement(By.id("user")).clear();
            browser.findElement(By.id("user")).sendKeys("operator");
            browser.findElement(By.id("password")).sendKeys(PASSWORD);
            browser.findElement(By.id("sign-in")).click();
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("tr[data-job='" + JOB + "'] button.run-now")))
                    .click();

            WebElement lastRun = wait.until(ExpectedConditions.presenceOfElementLocated(
                    By.cssSelector("tr[data-job='" + JOB + "'] td.last-run[data-run-id] [data-outcome='SUCCEEDED_WITH_DEAD_LETTERS']")));
            assertThat(lastRun.getText()).isEqualTo("SUCCEEDED_WITH_DEAD_LETTERS");
            String runId = browser.findElement(By.cssSelector("tr[data-job='" + JOB + "'] td.last-run"))
                    .getAttribute("data-run-id");
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE run_id = '" + runId
                    + "' AND trigger_type = 'http' AND outcome = 'SUCCEEDED_WITH_DEAD_LETTERS'")).isEqualTo(1);
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("status"), "ended: SUCCEEDED_WITH_DEAD_LETTERS"));
            assertThat(browser.findElement(By.id("status")).getText()).contains(runId);
            row = browser.findElement(By.cssSelector("tr[data-job='" + JOB + "']"));
            assertThat(row.findElement(By.cssSelector("td.counts")).getText())
                    .contains("read 2").contains("sent 1").contains("dead-lettered 1");
            wait.until(b -> b.findElement(By.cssSelector("tr[data-job='" + JOB + "'] td.waiting")).getText().contains("DLQ 1"));
            // the run succeeded (with a dead letter): it resolved the incident
            wait.until(b -> b.findElement(By.cssSelector("tr[data-job='" + JOB + "'] td.incidents")).getText().equals("none"));

            row.findElement(By.cssSelector("button.history")).click();
            WebElement runs = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runs")));
            assertThat(runs.getText()).contains(runId.substring(0, 8)).contains("http")
                    .contains("SUCCEEDED_WITH_DEAD_LETTERS");

            Path screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(screenshot, Path.of("target", "overview.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void triggerNeedsTheOperatorCredentials() throws Exception {
        try (BridgeMain bridge = service(Map.of("wla.overview.password", PASSWORD)).start()) {
            HttpResponse<String> none = post(null);
            assertThat(none.statusCode()).isEqualTo(401);
            assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
            assertThat(none.body()).contains("operator credentials required");
            assertThat(post(basic("operator", "wrong")).statusCode()).isEqualTo(401);
            assertThat(post(basic("someone", PASSWORD)).statusCode()).isEqualTo(401);
            assertThat(post("Basic not-base64!").statusCode()).isEqualTo(401);
            assertThat(post("Bearer " + PASSWORD).statusCode()).isEqualTo(401);
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_run")).isZero();

            HttpResponse<String> started = post(basic("operator", PASSWORD));

            assertThat(started.statusCode()).isEqualTo(202);
            assertThat(started.body()).doesNotContain(PASSWORD);
            assertThat(started.headers().firstValue("Authorization")).as("request headers are not echoed").isEmpty();
            String runId = JSON.readTree(started.body()).get("runId").asText();
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE run_id = '" + runId + "' AND trigger_type = 'http'"))
                    .isEqualTo(1);
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() ->
                    "SUCCEEDED_WITH_DEAD_LETTERS".equals(runs(1).get("runs").get(0).get("outcome").asText()));
            JsonNode run = runs(1).get("runs").get(0);
            assertThat(run.get("runId").asText()).isEqualTo(runId);
            assertThat(run.get("trigger").asText()).isEqualTo("http");
            assertThat(run.get("read").asLong()).isEqualTo(2);
            assertThat(run.get("sent").asLong()).isEqualTo(1);
            assertThat(run.get("deadLettered").asLong()).isEqualTo(1);
            assertThat(run.get("end").isNull()).isFalse();

            JsonNode jobs = JSON.readTree(get("/api/jobs").body()).get("jobs");
            assertThat(jobs).hasSize(1);
            JsonNode overview = jobs.get(0);
            assertThat(overview.get("id").asText()).isEqualTo(JOB);
            assertThat(overview.get("schedule").get("cron").asText()).isEqualTo("0 0 0 1 1 ? 2099");
            assertThat(overview.get("schedule").get("timeZone").asText()).isEqualTo("Europe/Berlin");
            assertThat(overview.get("nextFireTime").asText()).startsWith("2098-12-31T23:00:00Z");
            assertThat(overview.get("lastRun").get("runId").asText()).isEqualTo(runId);
            assertThat(overview.get("openIncidents")).isEmpty();
            assertThat(overview.get("waiting").get("deadLetterTopic").asText()).isEqualTo(job.topic + ".dlq");
            assertThat(overview.get("waiting").get("deadLetters").asLong()).isEqualTo(1);
            assertThat(overview.get("waiting").get("spool").asLong()).isZero();

            HttpResponse<String> page = get("/");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
            assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying(v -> assertThat(v).contains("default-src 'self'"));
            assertThat(page.body()).contains("/overview.js").doesNotContain(PASSWORD);
            assertThat(get("/overview.js").statusCode()).isEqualTo(200);
            assertThat(get("/overview.css").statusCode()).isEqualTo(200);
            assertThat(get("/no-such-page").statusCode()).as("/ is not a prefix").isEqualTo(404);
            assertThat(get("/api/jobs/no-such-job/runs").statusCode()).isEqualTo(404);
            assertThat(get("/api/jobs/" + JOB + "/runs?limit=zero").statusCode()).isEqualTo(400);
        }
    }

    @Test
    void triggeringIsDisabledWithoutAnOperatorPassword() throws Exception {
        try (BridgeMain bridge = service(Map.of()).start()) {
            HttpResponse<String> refused = post(basic("operator", ""));

            assertThat(refused.statusCode()).isEqualTo(403);
            assertThat(refused.body()).contains("triggering is disabled: set wla.overview.password");
            assertThat(get("/api/jobs").statusCode()).isEqualTo(200);
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_run")).isZero();
        }
    }

    /** Debian's Chromium through its chromedriver; the test fails (never skips) without them. */
    private static WebDriver chromium() {
        if (!Files.isExecutable(CHROMIUM) || !Files.isExecutable(CHROMEDRIVER)) {
            fail("the overview test needs Debian's Chromium and its driver at " + CHROMIUM + " and " + CHROMEDRIVER
                    + ": apt-get install chromium chromium-driver");
        }
        ChromeDriverService driver = new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER.toString()))
                .usingAnyFreePort().build();
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile()).addArguments("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                "--window-size=1400,640");
        return new ChromeDriver(driver, options);
    }

    private BridgeMain service(Map<String, String> extra) {
        Map<String, String> settings = new HashMap<>(Map.of("wla.http.port", String.valueOf(httpPort)));
        settings.putAll(extra);
        return new BridgeMain(Options.parse().withOverrides(job.settings(settings)));
    }

    private JsonNode runs(int limit) throws Exception {
        return JSON.readTree(get("/api/jobs/" + JOB + "/runs?limit=" + limit).body());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/jobs/" + JOB + "/runs"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
