package io.hookline.receiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the team running the jar sees: metrics, rate limits, readiness. */
class OperationsTest {

    @TempDir
    Path dataDir;

    @Test
    void metricsCountRequestsByOutcomeInPrometheusFormat() {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", RunningReceiver.ADMIN_TOKEN))) {
            GitHubDelivery good = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            receiver.post("/hooks/gh", good.body(), good.headers());
            receiver.post("/hooks/gh", good.body(), good.headers());
            GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "wrong");
            receiver.post("/hooks/gh", forged.body(), forged.headers());
            receiver.post("/hooks/made-up-name-1", good.body(), good.headers());

            HttpResponse<String> metrics = receiver.get("/metrics");
            assertEquals(200, metrics.statusCode());
            String text = metrics.body();
            assertTrue(text.contains("hookline_requests_total{outcome=\"accepted\",provider=\"github\",source=\"gh\"} 1.0"), text);
            assertTrue(text.contains("hookline_requests_total{outcome=\"duplicate\",provider=\"github\",source=\"gh\"} 1.0"), text);
            assertTrue(text.contains("hookline_requests_total{outcome=\"signature_invalid\",provider=\"github\",source=\"gh\"} 1.0"),
                    text);
            assertTrue(text.contains("hookline_requests_total{outcome=\"source_not_found\",provider=\"none\",source=\"unknown\"} 1.0"),
                    "unknown source names from the URL are not labels: " + text);
            assertTrue(!text.contains("made-up-name-1"), text);
            assertTrue(text.contains("hookline_ack_latency_seconds_count{source=\"gh\"} 2\n"),
                    "the time to answer of the two webhooks stored, per source; not the forgery's: " + text);
            assertTrue(text.contains("hookline_oldest_due_delivery_age_seconds 0.0"), "no route, nothing due: " + text);
            assertTrue(text.contains("hookline_store_writes_refused_total 0.0"), text);
            assertTrue(text.contains("hookline_subscriptions{state=\"disabled_failing\"} 0.0"), text);
            assertTrue(text.contains("hookline_events{status=\"processed\"}"), "queue depth by status");
            assertTrue(text.contains("hookline_plugins{result=\"skipped\"} 0.0"), "plugin load results");
        }
    }

    @Test
    void sourceOverItsRateLimitGets429WithRetryAfter() {
        Map<String, Object> limited = Map.of("hookline.sources.gh.rate-limit.per-second", "1",
                "hookline.sources.gh.rate-limit.burst", "2");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, limited)) {
            int[] statuses = new int[4];
            HttpResponse<String> last = null;
            for (int i = 0; i < statuses.length; i++) {
                GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
                last = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
                statuses[i] = last.statusCode();
            }
            assertEquals(200, statuses[0]);
            assertEquals(200, statuses[1]);
            assertEquals(429, statuses[3]);
            WebhookReceiveTestSupport.error(receiver, last, 429, "rate_limited");
            long retryAfter = Long.parseLong(last.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(retryAfter >= 1 && retryAfter <= 2, "Retry-After " + retryAfter);
            assertTrue(receiver.get("/metrics").body()
                    .contains("hookline_requests_total{outcome=\"rate_limited\",provider=\"github\",source=\"gh\"}"));
        }
    }

    @Test
    void theMetricsShowTheDispatcherReadyFromTheStartWithoutAReadinessRequest() {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir)) {
            // The first scheduled check runs as the context starts, the next 15 s later: a dispatcher that
            // started late (once the server listens, or on first use) would read as not ready until then.
            String metrics = Eventually.await("the first readiness check on the metrics", Duration.ofSeconds(5),
                    () -> receiver.get("/metrics").body(), text -> text.contains("hookline_ready 1.0"));
            assertTrue(metrics.contains("hookline_ready_check{check=\"dispatcher\"} 1.0"), metrics);
        }
    }

    @Test
    void aRestartedReceiverShowsTheStoredQueueDepthOnItsFirstScrape() {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir)) {
            GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            assertEquals(200, receiver.post("/hooks/gh", push.body(), push.headers()).statusCode());
        }
        try (RunningReceiver restarted = RunningReceiver.start(dataDir)) {
            String metrics = restarted.get("/metrics").body();
            assertTrue(metrics.contains("hookline_events{status=\"processed\"} 1.0"),
                    "counted at start, not 15 s later: " + metrics);
        }
    }

    @Test
    void readinessShowsItsChecksOnlyToTheAdmin() {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.admin-token", RunningReceiver.ADMIN_TOKEN))) {
            HttpResponse<String> anonymous = receiver.get("/health/readiness");
            assertEquals(200, anonymous.statusCode(), anonymous.body());
            assertEquals(Map.of("status", "UP"), receiver.json(anonymous));

            HttpResponse<String> admin = receiver.send("GET", "/health/readiness", null, Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN));
            Map<?, ?> checks = (Map<?, ?>) receiver.json(admin).get("checks");
            assertTrue(((String) checks.get("database")).startsWith("UP"), checks.toString());
            assertTrue(((String) checks.get("dispatcher")).startsWith("UP"), checks.toString());
            assertTrue(((String) checks.get("disk")).startsWith("UP"), checks.toString());
            String metrics = receiver.get("/metrics").body();
            assertTrue(metrics.contains("hookline_ready 1.0"), metrics);
            assertTrue(metrics.contains("hookline_ready_check{check=\"disk\"} 1.0"), metrics);
        }
        Map<String, Object> hugeFloor = Map.of("hookline.admin-token", RunningReceiver.ADMIN_TOKEN, "hookline.health.min-free-disk", "1000000GB");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, hugeFloor)) {
            HttpResponse<String> admin = receiver.send("GET", "/health/readiness", null, Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN));
            assertEquals(503, admin.statusCode());
            assertTrue(((String) ((Map<?, ?>) receiver.json(admin).get("checks")).get("disk")).startsWith("DOWN"));
            assertNull(receiver.json(receiver.get("/health/readiness")).get("checks"));
            String metrics = receiver.get("/metrics").body();
            assertTrue(metrics.contains("hookline_ready 0.0"), "readiness down on the metrics too: " + metrics);
            assertTrue(metrics.contains("hookline_ready_check{check=\"disk\"} 0.0"), metrics);
            assertTrue(metrics.contains("hookline_ready_check{check=\"database\"} 1.0"), metrics);
            assertEquals(200, receiver.get("/health").statusCode(), "liveness does not depend on the disk floor");
        }
    }
}
