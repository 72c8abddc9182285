package io.hookline.receiver.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.FakeStripe;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sample alert rules and dashboard in {@code samples/monitoring/} name only metrics that a
 * running receiver really serves: an operator who loads them sees no empty panel and no alert
 * that can never fire because of a misspelled name; and each alert tells on-call where to read
 * what to do, in a section of the on-call guide that exists.
 */
class MonitoringMetricNamesTest {

    private static final Path MONITORING = Path.of("..", "samples", "monitoring");
    private static final Pattern NAME = Pattern.compile("\\bhookline_[a-z_]+\\b");
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void everyMetricTheAlertRulesAndTheDashboardUseIsOnTheMetricsPageAfterTraffic() throws IOException {
        Set<String> used = new TreeSet<>();
        used.addAll(names(Files.readString(MONITORING.resolve("hookline-alerts.yml"))));
        used.addAll(names(Files.readString(MONITORING.resolve("hookline-dashboard.json"))));
        assertTrue(used.size() > 5, "the rules and the dashboard name Hookline's metrics: " + used);

        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.ofEntries(
                Map.entry("hookline.dispatch.poll-interval", "100ms"),
                Map.entry("hookline.routes[0].name", "broken"),
                Map.entry("hookline.routes[0].match", "gh:*"),
                Map.entry("hookline.routes[0].handler", "forward"),
                Map.entry("hookline.routes[0].settings.url", "http://127.0.0.1:9/nothing-listens"),
                // a route that delivers, for the time from acknowledgement to delivery
                Map.entry("hookline.routes[1].name", "audit"),
                Map.entry("hookline.routes[1].match", "gh:*"),
                Map.entry("hookline.routes[1].handler", "log"),
                // a catch-up at start that fails: its provider's API does not answer
                Map.entry("hookline.sources.down.provider", "stripe"),
                Map.entry("hookline.sources.down.secrets", Signers.STRIPE_SECRET),
                Map.entry("hookline.sources.down.reconcile.api-key", FakeStripe.KEY),
                Map.entry("hookline.sources.down.reconcile.api-url", "http://127.0.0.1:9")))) {
            GitHubDelivery good = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            assertEquals(202, status(receiver.post("/hooks/gh", good.body(), good.headers()).statusCode()));
            GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "not-the-secret");
            receiver.post("/hooks/gh", forged.body(), forged.headers());

            String page = Eventually.await("the broken route's failed attempt, the audit route's delivery and the failed"
                    + " catch-up on the metrics", WAIT, () -> receiver.get("/metrics").body(),
                    body -> body.contains("hookline_handler_attempts_total{") && body.contains("outcome=\"failed\"")
                            && body.contains("hookline_stored_to_delivered_seconds_bucket{")
                            && body.contains("hookline_reconcile_runs_total{"));
            Set<String> served = names(page);
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(served);
            assertEquals(Set.of(), missing, "metrics the rules or the dashboard use but /metrics does not serve");
        }
    }

    @Test
    void everyAlertsSummaryLinksASectionOfTheOnCallGuideThatExists() throws IOException {
        String rules = Files.readString(MONITORING.resolve("hookline-alerts.yml"));
        Set<String> sections = Files.readAllLines(Path.of("..", "docs", "on-call.md")).stream()
                .filter(line -> line.startsWith("#")).map(MonitoringMetricNamesTest::anchor)
                .collect(Collectors.toCollection(TreeSet::new));
        long alerts = Pattern.compile("(?m)^\\s+- alert: ").matcher(rules).results().count();
        Set<String> linked = new TreeSet<>();
        Pattern.compile("summary: .*See docs/on-call\\.md#([a-z0-9-]+)").matcher(rules).results()
                .forEach(link -> linked.add(link.group(1)));
        assertEquals(alerts, Pattern.compile("summary: .*See docs/on-call\\.md#").matcher(rules).results().count(),
                "every alert's summary says where on-call reads what to do");
        Set<String> broken = new TreeSet<>(linked);
        broken.removeAll(sections);
        assertEquals(Set.of(), broken, "links to sections docs/on-call.md does not have");
    }

    /** The anchor GitHub gives a Markdown heading. */
    private static String anchor(String heading) {
        return heading.replaceFirst("^#+\\s*", "").toLowerCase(Locale.ROOT)
                .replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    /** Accepted is answered 202 or 200 depending on the source's settings: both mean stored. */
    private static int status(int code) {
        return code == 200 ? 202 : code;
    }

    private static Set<String> names(String text) {
        Matcher found = NAME.matcher(text);
        return found.results().map(m -> m.group()).collect(Collectors.toCollection(TreeSet::new));
    }
}
