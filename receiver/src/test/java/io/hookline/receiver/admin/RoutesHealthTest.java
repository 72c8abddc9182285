package io.hookline.receiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /admin/routes} over real HTTP: a forward route to a closed port on 127.0.0.1 fails
 * until its breaker opens; the route then shows the breaker open until a time ahead, one dead
 * delivery, one waiting for the breaker, and its last failure; a healthy route shows none of it.
 * The waiting event's detail says that it waits on the open breaker.
 */
class RoutesHealthTest {

    private static final String TOKEN = "routes-health-token-0123456789abcdefgh";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private RunningReceiver receiver;

    @BeforeEach
    void start() throws IOException {
        receiver = RunningReceiver.start(dataDir, aBrokenAndAHealthyRoute(TOKEN));
    }

    /**
     * A route {@code down} forwarding pushes to a closed port, whose breaker opens after two failures
     * for ten minutes, beside a healthy {@code audit} route logging every event; the admin API on.
     */
    static Map<String, Object> aBrokenAndAHealthyRoute(String token) throws IOException {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.admin-token", token);
        properties.put("hookline.dispatch.poll-interval", "50ms");
        properties.put("hookline.dispatch.breaker-failures", 2);
        properties.put("hookline.dispatch.breaker-delay", "10m");
        properties.put("hookline.routes[0].name", "down");
        properties.put("hookline.routes[0].match", "gh:push");
        properties.put("hookline.routes[0].handler", "forward");
        properties.put("hookline.routes[0].settings.url", "http://127.0.0.1:" + closedPort() + "/hooks");
        properties.put("hookline.routes[0].retry-delays", List.of("50ms"));
        properties.put("hookline.routes[1].name", "audit");
        properties.put("hookline.routes[1].match", "gh:*");
        properties.put("hookline.routes[1].handler", "log");
        return properties;
    }

    @AfterEach
    void stop() {
        receiver.close();
    }

    @Test
    void aRouteToAClosedPortShowsItsOpenBreakerItsCountsAndItsLastFailure() {
        String dead = send();
        Eventually.await("the first event to go dead on route down", WAIT, () -> event(dead).get("status"), "dead"::equals);
        String waiting = send();
        Eventually.await("the second event's delivery to be put off by the open breaker", WAIT,
                () -> delivery(event(waiting), "down").get("breaker_open_until"), until -> until != null);
        Eventually.await("route audit to have logged the second event", WAIT,
                () -> delivery(event(waiting), "audit").get("status"), "processed"::equals);

        HttpResponse<String> answer = admin("/admin/routes");
        assertEquals(200, answer.statusCode(), answer.body());
        List<Map<String, Object>> routes = list(receiver.json(answer), "routes");
        assertEquals(List.of("audit", "down"), routes.stream().map(r -> r.get("name")).toList());

        Map<String, Object> down = routes.get(1);
        assertEquals(List.of("route", List.of("gh:push"), "forward"),
                List.of(down.get("kind"), down.get("match"), down.get("handler")));
        Map<?, ?> breaker = (Map<?, ?>) down.get("breaker");
        assertEquals("open", breaker.get("state"), down.toString());
        Instant openUntil = Instant.parse((String) breaker.get("open_until"));
        assertTrue(openUntil.isAfter(Instant.now().plus(Duration.ofMinutes(5))), "open for about ten minutes: " + openUntil);
        Map<?, ?> counts = (Map<?, ?>) down.get("deliveries");
        assertEquals(List.of(1, 0, 1), List.of(((Number) counts.get("pending")).intValue(),
                ((Number) counts.get("retrying")).intValue(), ((Number) counts.get("dead")).intValue()), counts.toString());
        Map<?, ?> failure = (Map<?, ?>) down.get("last_failure");
        assertNotNull(failure, down.toString());
        assertEquals("downstream_unavailable", failure.get("error_class"));
        assertEquals(dead, failure.get("event"));
        assertTrue(((String) failure.get("message")).matches("no connection to 127\\.0\\.0\\.1:\\d+ .*"),
                "the port is closed, and which one is said: " + failure);
        assertTrue(Instant.parse((String) failure.get("at")).isBefore(Instant.now()));

        Map<String, Object> audit = routes.get(0);
        assertEquals("closed", ((Map<?, ?>) audit.get("breaker")).get("state"));
        assertEquals(Map.of("pending", 0, "retrying", 0, "dead", 0, "count_bound", 10000), audit.get("deliveries"));
        assertNull(audit.get("last_failure"));

        Map<String, Object> put = delivery(event(waiting), "down");
        assertEquals("pending", put.get("status"));
        assertEquals(openUntil.getEpochSecond(), Instant.parse((String) put.get("breaker_open_until")).getEpochSecond(),
                1.0, "the detail names the same end of the breaker's delay");
        assertNull(delivery(event(waiting), "audit").get("breaker_open_until"), "audit's breaker is closed");
    }

    @Test
    void routesNeedTheAdminToken() {
        assertEquals(401, receiver.send("GET", "/admin/routes", null, Map.of()).statusCode());
    }

    private String send() {
        GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        return (String) receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers())).get("id");
    }

    private Map<String, Object> event(String id) {
        return receiver.json(admin("/admin/events/" + id));
    }

    private HttpResponse<String> admin(String path) {
        return receiver.send("GET", path, null, Map.of("Authorization", "Bearer " + TOKEN));
    }

    private static Map<String, Object> delivery(Map<String, Object> event, String route) {
        return list(event, "deliveries").stream().filter(d -> route.equals(d.get("route"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> json, String field) {
        return (List<Map<String, Object>>) json.get(field);
    }

    static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
