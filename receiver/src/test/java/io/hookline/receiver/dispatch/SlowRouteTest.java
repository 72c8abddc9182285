package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import io.micronaut.context.exceptions.ConfigurationException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route whose target is healthy but slow takes only as many dispatch workers as its bound
 * ({@code max-concurrent}) allows; the other routes' deliveries run at their own speed. Real
 * receiver, real HTTP targets on 127.0.0.1.
 */
class SlowRouteTest {

    /** The slow target answers 200 after this long, well inside its route's timeout. */
    private static final int SLOW_MILLIS = 4_000;
    private static final int EVENTS = 6;
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aSlowRouteDoesNotDelayTheDeliveriesOfAFastOne() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, routes(target, Map.of()))) {
            deliver(receiver, target, "push", "/fast"); // the first deliveries open connections: not what is compared
            List<Duration> alone = deliver(receiver, target, "push", "/fast");

            // More slow deliveries than there are workers: without a bound they would take all of them.
            target.script("/slow", Collections.nCopies(12, -SLOW_MILLIS).toArray(Integer[]::new));
            for (int i = 0; i < 12; i++) {
                send(receiver, "issues", "issues.opened.json");
            }
            Eventually.await("the slow target to be answering its first requests", WAIT,
                    () -> target.received("/slow").size(), n -> n >= 2);
            List<Duration> besideSlow = deliver(receiver, target, "push", "/fast");

            Duration slowest = Collections.max(besideSlow);
            String seen = "fast route alone: " + millis(alone) + " ms; beside the slow route: " + millis(besideSlow) + " ms";
            System.out.println("From sending to arrival at the target, " + seen);
            assertTrue(slowest.toMillis() < SLOW_MILLIS - 1_500,
                    "a fast delivery waited for a slow one to finish (" + SLOW_MILLIS + " ms): " + seen);
            assertTrue(median(besideSlow).toMillis() < median(alone).toMillis() + 1_000,
                    "the fast route's deliveries are about as quick beside the slow route as alone: " + seen);
            assertEquals(2, target.mostAtOnce("/slow"), "the slow route ran as many attempts as its default bound");
        }
    }

    @Test
    void aRouteNeverRunsMoreAttemptsAtOnceThanItsBoundAndTheMetricsShowItAtItsBound() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir,
                        routes(target, Map.of("hookline.routes[0].max-concurrent", 3)))) {
            target.script("/slow", Collections.nCopies(9, -1_000).toArray(Integer[]::new));
            for (int i = 0; i < 9; i++) {
                send(receiver, "issues", "issues.opened.json");
            }
            Eventually.await("the slow route to be at its bound on the metrics", WAIT,
                    () -> receiver.get("/metrics").body(),
                    body -> gauge(body, "hookline_route_saturated", "slow") == 1
                            && gauge(body, "hookline_route_in_flight", "slow") == 3);
            Eventually.await("the deliveries waiting behind the bound to show as waiting", WAIT,
                    () -> receiver.get("/metrics").body(), body -> oldestDueAge(body) >= 0.5);

            Eventually.await("every slow delivery", WAIT, () -> target.received("/slow").size(), n -> n == 9);
            assertEquals(3, target.mostAtOnce("/slow"), "the target never saw more requests at once than the bound");
            String metrics = Eventually.await("the slow route to finish, with nothing left due", WAIT,
                    () -> receiver.get("/metrics").body(),
                    body -> gauge(body, "hookline_route_in_flight", "slow") == 0 && oldestDueAge(body) == 0);
            assertEquals(0, gauge(metrics, "hookline_route_saturated", "slow"));
        }
    }

    @Test
    void aBoundBelowOneOrAboveTheWorkersStopsTheReceiverNamingTheKey() {
        for (int bound : new int[] {0, 9}) {
            Exception refused = assertThrows(Exception.class, () -> RunningReceiver.start(dataDir.resolve("b" + bound),
                    routes(null, Map.of("hookline.routes[0].max-concurrent", bound))).close());
            Throwable cause = refused;
            while (!(cause instanceof ConfigurationException) && cause.getCause() != null) {
                cause = cause.getCause();
            }
            assertTrue(String.valueOf(cause.getMessage()).contains("hookline.routes[0].max-concurrent"),
                    "max-concurrent " + bound + " with 8 workers: " + refused);
        }
    }

    /** A slow route for issues and a fast one for pushes, both forwarding with a timeout far above the slow answer. */
    private static Map<String, Object> routes(TargetServer target, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.dispatch.poll-interval", "100ms");
        properties.put("hookline.dispatch.shutdown-grace", "1s");
        String[][] routes = {{"slow", "gh:issues.*", "/slow"}, {"fast", "gh:push", "/fast"}};
        for (int i = 0; i < routes.length; i++) {
            String key = "hookline.routes[" + i + "].";
            properties.put(key + "name", routes[i][0]);
            properties.put(key + "match", routes[i][1]);
            properties.put(key + "handler", "forward");
            properties.put(key + "settings.url", target == null ? "http://127.0.0.1:9" + routes[i][2] : target.url(routes[i][2]));
            properties.put(key + "timeout", "20s");
        }
        properties.putAll(extra);
        return properties;
    }

    /**
     * Sends {@link #EVENTS} events one after the other and answers how long each took from its
     * sending to its arrival at the target.
     */
    private static List<Duration> deliver(RunningReceiver receiver, TargetServer target, String event, String path) {
        Map<String, Long> sent = new HashMap<>();
        for (int i = 0; i < EVENTS; i++) {
            long sending = System.nanoTime();
            sent.put(send(receiver, event, event + ".json"), sending);
        }
        List<TargetServer.Received> arrived = Eventually.await("every " + event + " delivered to " + path, WAIT,
                () -> target.received(path).stream().filter(r -> sent.containsKey(r.header("webhook-id"))).toList(),
                received -> received.size() == EVENTS);
        return arrived.stream().map(r -> Duration.ofNanos(r.arrivedNanos() - sent.get(r.header("webhook-id")))).toList();
    }

    private static String send(RunningReceiver receiver, String event, String payload) {
        GitHubDelivery delivery = GitHubDelivery.of(event, GitHubDelivery.payload(payload), RunningReceiver.SECRET);
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()));
        assertEquals("accepted", answer.get("status"), answer.toString());
        return (String) answer.get("id");
    }

    /** A gauge's value for one route on the Prometheus page; -1 when it is not there. */
    private static double gauge(String metrics, String name, String route) {
        Matcher value = Pattern.compile("(?m)^" + name + "\\{[^}]*route=\"" + route + "\"[^}]*} (\\S+)$").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : -1;
    }

    /** How long the oldest due delivery has waited, in seconds; -1 when the gauge is not there. */
    private static double oldestDueAge(String metrics) {
        Matcher value = Pattern.compile("(?m)^hookline_oldest_due_delivery_age_seconds (\\S+)$").matcher(metrics);
        return value.find() ? Double.parseDouble(value.group(1)) : -1;
    }

    private static Duration median(List<Duration> times) {
        List<Duration> sorted = new ArrayList<>(times);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    private static List<Long> millis(List<Duration> times) {
        return times.stream().map(Duration::toMillis).toList();
    }
}
