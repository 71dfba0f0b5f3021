package io.wlabridge.ops;

import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.wlabridge.job.FailureDescription;
import io.wlabridge.job.JobRun;
import io.wlabridge.job.JobTrigger;

/**
 * The operators' overview on the service's HTTP server (camel-platform-http, port wla.http.port): the page at
 * {@code /} with its script and style, {@code GET /api/jobs}, {@code GET /api/jobs/{id}/runs?limit=N} and
 * {@code POST /api/jobs/{id}/runs} (operator credentials) that starts a run through Quartz like the CLI and JMX do.
 */
public final class OverviewRoutes extends RouteBuilder {

    /** The trigger recorded in the ledger for runs started here. */
    public static final String TRIGGER = "http";
    static final int DEFAULT_RUNS = 20;
    static final int MAX_RUNS = 500;
    /** How long the trigger waits for the run to start, to answer with its id. */
    private static final long START_WAIT_SECONDS = 10;

    private static final Logger LOG = LoggerFactory.getLogger(OverviewRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JobOverview overview;
    private final JobTrigger trigger;
    private final OperatorAuth auth;

    public OverviewRoutes(JobOverview overview, JobTrigger trigger, OperatorAuth auth) {
        this.overview = overview;
        this.trigger = trigger;
        this.auth = auth;
    }

    @Override
    public void configure() {
        byte[] page = resource("index.html");
        byte[] script = resource("overview.js");
        byte[] style = resource("overview.css");
        from("platform-http:/?httpMethodRestrict=GET").routeId("overview-page")
                .process(e -> respond(e, 200, "text/html; charset=utf-8", page));
        from("platform-http:/overview.js?httpMethodRestrict=GET").routeId("overview-script")
                .process(e -> respond(e, 200, "text/javascript; charset=utf-8", script));
        from("platform-http:/overview.css?httpMethodRestrict=GET").routeId("overview-style")
                .process(e -> respond(e, 200, "text/css; charset=utf-8", style));
        from("platform-http:/api/jobs?httpMethodRestrict=GET").routeId("overview-api-jobs")
                .process(this::jobs);
        from("platform-http:/api/jobs/{jobId}/runs?httpMethodRestrict=GET,POST").routeId("overview-api-runs")
                .process(this::runs);
    }

    private void jobs(Exchange exchange) throws JsonProcessingException {
        try {
            json(exchange, 200, overview.jobs());
        } catch (RuntimeException e) {
            json(exchange, 503, error("cannot read the jobs' state: " + FailureDescription.of(e)));
        }
    }

    private void runs(Exchange exchange) throws JsonProcessingException {
        String jobId = exchange.getMessage().getHeader("jobId", String.class);
        String method = exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class);
        String authorization = exchange.getMessage().getHeader("Authorization", String.class);
        String limit = exchange.getMessage().getHeader("limit", String.class);
        // the page's script says so: it shows its own message, the browser must not pop up its login dialog
        boolean script = exchange.getMessage().getHeader("X-Requested-With") != null;
        if (!overview.knows(jobId)) {
            json(exchange, 404, error("no job '" + jobId + "': GET /api/jobs lists the jobs"));
        } else if ("POST".equals(method)) {
            trigger(exchange, jobId, authorization, script);
        } else {
            Integer n = limit(limit);
            if (n == null) {
                json(exchange, 400, error("limit must be a whole number from 1 to " + MAX_RUNS));
                return;
            }
            try {
                json(exchange, 200, overview.runs(jobId, n));
            } catch (RuntimeException e) {
                json(exchange, 503, error("cannot read the runs of job " + jobId + ": " + FailureDescription.of(e)));
            }
        }
    }

    private void trigger(Exchange exchange, String jobId, String authorization, boolean script) throws JsonProcessingException {
        switch (auth.check(authorization)) {
            case DISABLED -> {
                json(exchange, 403, error("triggering is disabled: set wla.overview.password"));
                return;
            }
            case UNAUTHENTICATED -> {
                json(exchange, 401, error("operator credentials required: HTTP Basic with wla.overview.user and"
                        + " wla.overview.password"));
                if (!script) {
                    exchange.getMessage().setHeader("WWW-Authenticate", "Basic realm=\"wla-bridge\", charset=\"UTF-8\"");
                }
                return;
            }
            case ALLOWED -> {
                // triggered below
            }
        }
        String user = OperatorAuth.userOf(authorization);
        String date = exchange.getMessage().getHeader("runDate", String.class);
        java.time.LocalDate runDate;
        try {
            runDate = date == null || date.isBlank() ? null : java.time.LocalDate.parse(date.trim());
        } catch (java.time.format.DateTimeParseException e) {
            json(exchange, 400, error("runDate '" + date + "' is not a date: give yyyy-MM-dd, e.g. ?runDate=2026-12-01"));
            return;
        }
        try {
            JobRun run = trigger.fireStarted(jobId, TRIGGER, runDate).get(START_WAIT_SECONDS, TimeUnit.SECONDS);
            LOG.info("job {} run {}: started over HTTP by operator {}", jobId, run.runId(), user);
            Map<String, Object> started = new LinkedHashMap<>();
            started.put("jobId", jobId);
            started.put("runId", run.runId());
            started.put("trigger", TRIGGER);
            started.put("runDate", run.runDate().toString());
            started.put("runs", "/api/jobs/" + jobId + "/runs");
            json(exchange, 202, started);
        } catch (TimeoutException e) {
            LOG.info("job {}: run triggered over HTTP by operator {}, not started within {} s", jobId, user,
                    START_WAIT_SECONDS);
            Map<String, Object> pending = error("run of job " + jobId + " triggered but not started within "
                    + START_WAIT_SECONDS + " s (another run going?); see GET /api/jobs/" + jobId + "/runs");
            pending.put("jobId", jobId);
            pending.put("runId", null);
            json(exchange, 202, pending);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            json(exchange, 503, error("interrupted while triggering job " + jobId));
        } catch (Exception e) {
            json(exchange, 503, error("cannot trigger job " + jobId + ": " + FailureDescription.of(e)));
        }
    }

    private static Integer limit(String given) {
        if (given == null || given.isBlank()) {
            return DEFAULT_RUNS;
        }
        try {
            int n = Integer.parseInt(given.trim());
            return n >= 1 && n <= MAX_RUNS ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Map<String, Object> error(String message) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("error", message);
        return error;
    }

    private static void json(Exchange exchange, int status, Object body) throws JsonProcessingException {
        respond(exchange, status, "application/json", JSON.writeValueAsBytes(body));
        exchange.getMessage().setHeader("Cache-Control", "no-store");
    }

    /** The answer carries only the headers set here: platform-http would otherwise echo request headers back. */
    private static void respond(Exchange exchange, int status, String contentType, byte[] body) {
        exchange.getMessage().setHeaders(new HashMap<>());
        exchange.getMessage().setHeader(Exchange.HTTP_RESPONSE_CODE, status);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
        exchange.getMessage().setHeader("X-Content-Type-Options", "nosniff");
        exchange.getMessage().setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        exchange.getMessage().setBody(body);
    }

    private static byte[] resource(String name) {
        try (InputStream in = OverviewRoutes.class.getResourceAsStream("/overview/" + name)) {
            if (in == null) {
                throw new IllegalStateException("overview resource /overview/" + name + " is missing from the jar");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read overview resource /overview/" + name + ": " + e.getMessage(), e);
        }
    }
}
