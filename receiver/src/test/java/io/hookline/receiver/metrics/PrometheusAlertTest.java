package io.hookline.receiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.Prometheus;
import io.hookline.receiver.testing.RunningReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The shipped alert rules, loaded by a real Prometheus that scrapes a real receiver on loopback,
 * raise the alert on-call would get when a route breaks: pending first, then firing, as
 * Prometheus's own API reports them. Only each rule's {@code for:} is shortened, in a copy of the
 * rules file; the expressions are the shipped ones.
 */
class PrometheusAlertTest {

    private static final Path RULES = Path.of("..", "samples", "monitoring", "hookline-alerts.yml");
    private static final Pattern FOR = Pattern.compile("(?m)^(\\s+)for: \\S+$");
    private static final Pattern ALERT = Pattern.compile("(?m)^\\s+- alert: ");
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Duration SEND_EVERY = Duration.ofMillis(250);

    @TempDir
    Path dir;

    private long lastSent;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aRouteToAClosedPortRaisesRouteFailingFromPendingToFiring() throws Exception {
        Assumptions.assumeTrue(Prometheus.available() || System.getenv("CI") != null,
                "needs /usr/bin/prometheus (apt-get install prometheus)");
        Path rules = quickRules();
        // The breaker lets an attempt through every 200 ms, so failures go on rising between scrapes.
        Map<String, Object> brokenRoute = Map.of("hookline.dispatch.poll-interval", "100ms",
                "hookline.dispatch.breaker-delay", "200ms",
                "hookline.routes[0].name", "broken",
                "hookline.routes[0].match", "gh:*",
                "hookline.routes[0].handler", "forward",
                "hookline.routes[0].settings.url", "http://127.0.0.1:9/nothing-listens");
        try (RunningReceiver receiver = RunningReceiver.start(dir.resolve("receiver"), brokenRoute);
                Prometheus prometheus = Prometheus.start(dir, "127.0.0.1:" + receiver.uri("/").getPort(), rules)) {
            Eventually.await("HooklineRouteFailing pending for route broken (Prometheus: " + prometheus.logTail() + ")",
                    WAIT, () -> routeFailing(receiver, prometheus), "pending"::equals);
            Map<?, ?> firing = Eventually.await("HooklineRouteFailing firing for route broken", WAIT,
                    () -> {
                        routeFailing(receiver, prometheus);
                        return alert(receiver, prometheus);
                    }, alert -> alert != null && "firing".equals(alert.get("state")));
            assertEquals("Route broken: 100% of attempts fail. See docs/on-call.md#a-route-is-failing",
                    ((Map<?, ?>) firing.get("annotations")).get("summary"), "the summary on-call reads");
            assertEquals("page", ((Map<?, ?>) firing.get("labels")).get("severity"));
        }
    }

    /** The shipped rules with every {@code for:} at 10 s: long enough to see pending, short enough to wait for. */
    private Path quickRules() throws IOException {
        String shipped = Files.readString(RULES);
        long alerts = ALERT.matcher(shipped).results().count();
        assertEquals(alerts, FOR.matcher(shipped).results().count(), "every shipped alert has a for: to shorten");
        Path copy = dir.resolve("hookline-alerts.yml");
        Files.writeString(copy, FOR.matcher(shipped).replaceAll("$1for: 10s"));
        return copy;
    }

    /** Sends a webhook now and then, and answers the alert's state: inactive, pending or firing. */
    private String routeFailing(RunningReceiver receiver, Prometheus prometheus) {
        if (System.nanoTime() - lastSent > SEND_EVERY.toNanos()) {
            GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            receiver.post("/hooks/gh", delivery.body(), delivery.headers());
            lastSent = System.nanoTime();
        }
        Map<?, ?> alert = alert(receiver, prometheus);
        return alert == null ? "inactive" : (String) alert.get("state");
    }

    /** HooklineRouteFailing for route {@code broken}, as {@code GET /api/v1/alerts} lists it, or null. */
    private static Map<?, ?> alert(RunningReceiver receiver, Prometheus prometheus) {
        String body = prometheus.alerts();
        if (body.isEmpty()) {
            return null;
        }
        Map<?, ?> data = (Map<?, ?>) receiver.json(body).get("data");
        for (Object each : (List<?>) data.get("alerts")) {
            Map<?, ?> alert = (Map<?, ?>) each;
            Map<?, ?> labels = (Map<?, ?>) alert.get("labels");
            if ("HooklineRouteFailing".equals(labels.get("alertname")) && "broken".equals(labels.get("route"))) {
                return alert;
            }
        }
        return null;
    }
}
