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
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
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
import io.wlabridge.testing.Postgres;
import io.wlabridge.testing.SchemaRegistry;

/**
 * The overview page in Debian's headless Chromium against the service with real parts (in-process broker, registry
 * stand-in, PostgreSQL), and the trigger's authentication through plain HTTP.
 */
@ExtendWith({KafkaBroker.class, SchemaRegistry.class})
class OverviewPageIT {

    private static final String JOB = JobFixture.JOB;
    private static final String JOB_ROW = "tr[data-job='" + JOB + "']";
    /** An incident no channel delivered (inserted by a test). */
    private static final String UNTOLD = "00000000-0000-0000-0000-00000000dead";
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
            // the run succeeded (with a dead letter): it resolved the incident, which shows its reaction times
            wait.until(b -> b.findElement(By.cssSelector("tr[data-job='" + JOB + "'] td.incidents .open-count")).getText()
                    .equals("none"));
            assertThat(text(JOB_ROW + " td.incidents .incident-item[data-state='resolved']")).contains("DEADLINE_MISSED")
                    .containsPattern("notified after \\d+ (ms|s)").containsPattern("resolved after \\d+");

            row.findElement(By.cssSelector("button.history")).click();
            WebElement runs = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("runs")));
            assertThat(runs.getText()).contains(runId.substring(0, 8)).contains("http")
                    .contains("SUCCEEDED_WITH_DEAD_LETTERS");
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
    void triggerWithARunDateRunsThatDayAndABadDateIsRefused() throws Exception {
        java.time.LocalDate dayBefore = JobFixture.RUN_DATE.minusDays(1);
        io.wlabridge.demo.DemoData.insert(job.db.dataSource(), "WAGES", io.wlabridge.demo.DemoData.ENVIRONMENT, dayBefore,
                JobFixture.TT.toString(), JobFixture.TT.plusDays(2).toString());
        try (BridgeMain bridge = service(Map.of("wla.overview.password", PASSWORD)).start()) {
            HttpResponse<String> bad = post(basic("operator", PASSWORD), "?runDate=01.12.2026");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(bad.body()).contains("runDate '01.12.2026' is not a date: give yyyy-MM-dd");
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_run")).isZero();

            HttpResponse<String> started = post(basic("operator", PASSWORD), "?runDate=" + dayBefore);

            assertThat(started.statusCode()).isEqualTo(202);
            assertThat(JSON.readTree(started.body()).get("runDate").asText()).isEqualTo(dayBefore.toString());
            String runId = JSON.readTree(started.body()).get("runId").asText();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> job.db.count("SELECT COUNT(*) FROM"
                    + " wla_run WHERE run_id = '" + runId + "' AND ended_at IS NOT NULL") == 1);
            assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE run_id = '" + runId + "' AND run_date = DATE '"
                    + dayBefore + "' AND rows_read = 1 AND rows_sent = 1 AND outcome = 'SUCCEEDED'")).isEqualTo(1);
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

    @Test
    void historyStripShowsEachRunByOutcomeAndAClickShowsThatRunsDetail() throws Exception {
        browser = chromium();
        try (BridgeMain bridge = service(Map.of("wla.overview.password", PASSWORD)).start()) {
            job.db.execute("DELETE FROM timetravel_mapping WHERE system_id = 'PAYROLL'");
            String succeeded = runToEnd("SUCCEEDED");
            // the job's query finds no table: the run fails and opens a RUN_FAILED incident
            job.db.execute("ALTER TABLE timetravel_mapping RENAME TO timetravel_mapping_away");
            String failed = runToEnd("FAILED");
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> job.db.count("SELECT COUNT(*)"
                    + " FROM wla_incident WHERE cause = 'RUN_FAILED' AND run_id = '" + failed + "' AND notified_at IS NOT NULL") == 1);
            // an incident no channel could deliver, as when the escalation topic, webhook and e-mail all failed
            job.db.execute("INSERT INTO wla_incident (incident_id, job_id, cause, open_key, opened_at, detail) VALUES"
                    + " ('" + UNTOLD + "', '" + JOB + "', 'DEAD_LETTERS', '" + JOB + ":DEAD_LETTERS', CURRENT_TIMESTAMP,"
                    + " 'too many dead letters')");
            WebDriverWait wait = await();
            browser.get("http://127.0.0.1:" + httpPort + "/");

            wait.until(b -> blocks().size() == 2);
            assertThat(blocks()).extracting(b -> b.get("runId")).containsExactly(succeeded, failed);
            assertThat(blocks()).extracting(b -> b.get("class")).containsExactly("run-block SUCCEEDED", "run-block FAILED");
            assertThat(blocks().get(0).get("title")).startsWith("SUCCEEDED · ").contains("trigger http")
                    .contains("read 1").contains("sent 1").contains("dead-lettered 0").containsPattern(" · \\d+ (ms|s) · ");
            assertThat(blocks().get(1).get("label")).startsWith("FAILED · ").contains("trigger http").contains("read 0");
            assertThat(text(JOB_ROW + " td.incidents .open-count")).isEqualTo("2 open");
            assertThat(text(JOB_ROW + " .incident-item[data-state='open']:not([data-incident-id='" + UNTOLD + "'])"))
                    .contains("RUN_FAILED").containsPattern("notified after \\d+ (ms|s)").contains("→ open (");
            assertThat(text(JOB_ROW + " .incident-item[data-incident-id='" + UNTOLD + "']"))
                    .contains("DEAD_LETTERS").contains("not notified yet").contains("→ open (");

            click(wait, failed);
            wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("run-detail")));
            assertThat(text("#run-detail-id")).isEqualTo(failed);
            assertThat(field("outcome")).isEqualTo("FAILED");
            assertThat(field("trigger")).isEqualTo("http");
            assertThat(field("end")).isNotEqualTo("not yet");
            assertThat(field("read")).isEqualTo("0");
            assertThat(field("error")).contains("timetravel_mapping");
            assertThat(blocks()).extracting(b -> b.get("pressed")).containsExactly("false", "true");

            click(wait, succeeded);
            wait.until(b -> succeeded.equals(text("#run-detail-id")));
            assertThat(field("outcome")).isEqualTo("SUCCEEDED");
            assertThat(field("start")).isNotBlank().isNotEqualTo("–");
            assertThat(field("end")).isNotBlank().isNotEqualTo("not yet");
            assertThat(field("duration")).matches("\\d+ (ms|s)");
            assertThat(field("read")).isEqualTo("1");
            assertThat(field("filtered")).isEqualTo("0");
            assertThat(field("sent")).isEqualTo("1");
            assertThat(field("already-sent")).isEqualTo("0");
            assertThat(field("dead-lettered")).isEqualTo("0");
            assertThat(field("error")).isEqualTo("none");

            // the table back, with a malformed row: the next run succeeds with a dead letter and resolves both incidents
            job.db.execute("ALTER TABLE timetravel_mapping_away RENAME TO timetravel_mapping");
            job.row("PAYROLL", JobFixture.TT.toString(), "31.02.2027");
            String third = runToEnd("SUCCEEDED_WITH_DEAD_LETTERS");
            wait.until(b -> blocks().size() == 3);
            assertThat(blocks()).extracting(b -> b.get("outcome"))
                    .containsExactly("SUCCEEDED", "FAILED", "SUCCEEDED_WITH_DEAD_LETTERS");
            assertThat(blocks().get(2).get("runId")).isEqualTo(third);
            assertThat(blocks()).extracting(b -> b.get("pressed")).as("the shown run stays marked")
                    .containsExactly("true", "false", "false");
            assertThat(text("#run-detail-id")).isEqualTo(succeeded);
            assertThat(text(JOB_ROW + " td.incidents .open-count")).isEqualTo("none");
            String resolvedFailure = JOB_ROW + " .incident-item[data-state='resolved']:not([data-incident-id='" + UNTOLD + "'])";
            assertThat(text(resolvedFailure)).contains("RUN_FAILED").containsPattern("notified after \\d+ (ms|s)")
                    .containsPattern("resolved after \\d+");
            assertThat(attribute(resolvedFailure + " .resolved", "title")).endsWith("by run " + third);
            assertThat(text(JOB_ROW + " .incident-item[data-incident-id='" + UNTOLD + "']"))
                    .contains("not notified yet").containsPattern("resolved after \\d+");

            // docs/operations.md shows this one
            Path screenshot = ((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath();
            Files.copy(screenshot, Path.of("target", "overview.png"), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void aRunningRunShowsItsLiveCountsAndElapsedTimeUntilItEnds() throws Exception {
        browser = chromium();
        // the query waits at WAGES for this test's lock; the fetch reads one row ahead and the split one chunk ahead,
        // so until then the run has taken CLAIMS (sent) and PAYROLL (dead letter)
        job.row("SALES", JobFixture.TT.toString(), JobFixture.TT.plusDays(1).toString());
        job.row("TAXES", JobFixture.TT.toString(), JobFixture.TT.plusDays(3).toString());
        job.row("WAGES", JobFixture.TT.toString(), JobFixture.TT.plusDays(1).toString());
        long lock = java.util.concurrent.ThreadLocalRandom.current().nextLong();
        holdRowsAt("WAGES", lock);
        // one row per fetch, chunk and transaction: the counts move row by row
        Map<String, String> settings = Map.of("wla.overview.password", PASSWORD, "wla.datasource.fetch-size", "1",
                "wla.job.chunk-size", "1", "wla.delivery.transaction-records", "1");
        try (BridgeMain bridge = service(settings).start();
                Connection holder = DriverManager.getConnection(job.db.url(), Postgres.USER, "")) {
            holder.setAutoCommit(false);
            try (Statement statement = holder.createStatement()) {
                statement.execute("SELECT pg_advisory_xact_lock(" + lock + ")");
            }
            WebDriverWait wait = await();
            browser.get("http://127.0.0.1:" + httpPort + "/");
            signIn(wait);
            wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(JOB_ROW + " button.run-now"))).click();

            wait.until(b -> String.valueOf(text(JOB_ROW + " td.counts")).startsWith(
                    "read 2 · filtered 0 · sent 1 · already sent 0 · dead-lettered 1"));
            String runId = attribute(JOB_ROW + " td.last-run", "data-run-id");
            assertThat(text(JOB_ROW + " td.last-run [data-outcome]")).isEqualTo("RUNNING");
            assertThat(text(JOB_ROW + " td.last-run .duration")).matches("running for \\d+ (ms|s)");
            assertThat(attribute(JOB_ROW + " td.counts", "class")).contains("live");
            // the ledger has no counts before the run ends: these are the running run's own
            assertThat(job.db.count("SELECT rows_read + rows_sent + rows_dead_lettered FROM wla_run WHERE run_id = '"
                    + runId + "' AND outcome = 'RUNNING'")).isZero();
            Map<String, String> block = blocks().get(blocks().size() - 1);
            assertThat(block.get("runId")).isEqualTo(runId);
            assertThat(block.get("class")).isEqualTo("run-block RUNNING");
            assertThat(block.get("title")).startsWith("RUNNING · running for ").contains("read 2").contains("sent 1");

            click(wait, runId);
            wait.until(b -> runId.equals(text("#run-detail-id")));
            assertThat(field("outcome")).isEqualTo("RUNNING");
            assertThat(field("end")).isEqualTo("not yet");
            assertThat(field("duration")).startsWith("running for ");
            assertThat(field("read")).isEqualTo("2");
            assertThat(field("sent")).isEqualTo("1");
            assertThat(field("dead-lettered")).isEqualTo("1");

            holder.commit();

            // the shown detail follows the run to its end
            wait.until(b -> "SUCCEEDED_WITH_DEAD_LETTERS".equals(field("outcome")));
            assertThat(field("end")).isNotEqualTo("not yet");
            assertThat(field("read")).isEqualTo("5");
            assertThat(field("filtered")).isEqualTo("2");
            assertThat(field("sent")).isEqualTo("2");
            assertThat(field("dead-lettered")).isEqualTo("1");
            wait.until(b -> "read 5 · filtered 2 · sent 2 · already sent 0 · dead-lettered 1".equals(
                    text(JOB_ROW + " td.counts")));
            assertThat(blocks().get(blocks().size() - 1).get("class")).isEqualTo("run-block SUCCEEDED_WITH_DEAD_LETTERS");
        }
    }

    /**
     * The job's table behind a view that waits, when it reaches {@code system}'s row, until no one holds advisory lock
     * {@code lock}: the rows before it flow, the run stays open. PostgreSQL evaluates the view's volatile column after
     * its sort, row by row, so the rows sorted before {@code system} are fetched before the wait.
     */
    private void holdRowsAt(String system, long lock) {
        job.db.execute("ALTER TABLE timetravel_mapping RENAME TO timetravel_rows");
        job.db.execute("CREATE FUNCTION held_at(s VARCHAR, v VARCHAR) RETURNS VARCHAR LANGUAGE plpgsql VOLATILE AS $$"
                + " BEGIN IF s = '" + system + "' THEN PERFORM pg_advisory_xact_lock_shared(" + lock + "); END IF;"
                + " RETURN v; END $$");
        job.db.execute("CREATE VIEW timetravel_mapping AS SELECT system_id, environment, valid_on, tt_date_today,"
                + " held_at(system_id, tt_date_tomorrow) AS tt_date_tomorrow FROM timetravel_rows ORDER BY system_id");
    }

    /** Starts a run over HTTP and waits until the ledger has it ended with {@code outcome}; returns its id. */
    private String runToEnd(String outcome) throws Exception {
        HttpResponse<String> started = post(basic("operator", PASSWORD));
        assertThat(started.statusCode()).isEqualTo(202);
        String runId = JSON.readTree(started.body()).get("runId").asText();
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> job.db.count("SELECT COUNT(*) FROM"
                + " wla_run WHERE run_id = '" + runId + "' AND ended_at IS NOT NULL") == 1);
        assertThat(job.db.count("SELECT COUNT(*) FROM wla_run WHERE run_id = '" + runId + "' AND outcome = '" + outcome
                + "'")).as("outcome of run " + runId).isEqualTo(1);
        return runId;
    }

    /** Waits for the page; it re-renders the table as it polls, so an element found may be replaced before use. */
    private WebDriverWait await() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
        wait.ignoring(StaleElementReferenceException.class);
        return wait;
    }

    private void signIn(WebDriverWait wait) {
        wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(JOB_ROW)));
        browser.findElement(By.id("user")).clear();
        browser.findElement(By.id("user")).sendKeys("operator");
        browser.findElement(By.id("password")).sendKeys(PASSWORD);
        browser.findElement(By.id("sign-in")).click();
    }

    /** Clicks the run's block in the strip (again, should the page have replaced it meanwhile). */
    private void click(WebDriverWait wait, String runId) {
        wait.until(b -> {
            b.findElement(By.cssSelector(JOB_ROW + " .run-block[data-run-id='" + runId + "']")).click();
            return true;
        });
    }

    /** The job's history strip, oldest run first, each block's attributes read at once. */
    @SuppressWarnings("unchecked")
    private List<Map<String, String>> blocks() {
        return (List<Map<String, String>>) ((JavascriptExecutor) browser).executeScript("return [...document"
                + ".querySelectorAll(arguments[0])].map(b => ({runId: b.dataset.runId, outcome: b.dataset.outcome,"
                + " class: b.className, title: b.title, label: b.getAttribute('aria-label'),"
                + " pressed: b.getAttribute('aria-pressed')}))", JOB_ROW + " td.run-strip .run-block");
    }

    /** The rendered text of the first element {@code css} selects, or null. */
    private String text(String css) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.innerText.trim() : null", css);
    }

    private String attribute(String css, String name) {
        return (String) ((JavascriptExecutor) browser).executeScript(
                "const e = document.querySelector(arguments[0]); return e ? e.getAttribute(arguments[1]) : null", css, name);
    }

    /** A field of the shown run's detail. */
    private String field(String name) {
        return text("#run-detail dd[data-field='" + name + "']");
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
                "--window-size=1400,900");
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
        return post(authorization, "");
    }

    private HttpResponse<String> post(String authorization, String query) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/api/jobs/" + JOB
                + "/runs" + query))
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
