package io.hookline.receiver.operational;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.FakeGitHub;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import io.micronaut.context.exceptions.ConfigurationException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hookline's own happenings arrive, as events of source {@code hookline}, at a route that forwards
 * {@code hookline:*} to a real HTTP target on 127.0.0.1: once per cause and window, never about an
 * operational event's own delivery. Real receiver, real SQLite file.
 */
class OperationalEventsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Long enough for anything more the receiver would send to have arrived. */
    private static final long QUIET_MILLIS = 2_000;

    @TempDir
    Path dataDir;

    @Test
    void twoDeadDeliveriesOfOneCauseAreForwardedAsOneDeliveryDeadEvent() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, routes(target, "hookline:*", Map.of(
                        "hookline.operational-events.window", "1h",
                        "hookline.routes[2].name", "everything",
                        "hookline.routes[2].match", "*",
                        "hookline.routes[2].handler", "forward",
                        "hookline.routes[2].settings.url", target.url("/everything"))))) {
            target.script("/ci", 400, 400);
            List<String> sent = List.of(send(receiver, "issues"), send(receiver, "push"));
            Eventually.await("both deliveries to /ci to be refused", WAIT, () -> target.received("/ci").size(), n -> n == 2);
            Eventually.await("an operational event at /on-call", WAIT, () -> target.received("/on-call").size(), n -> n >= 1);
            Thread.sleep(QUIET_MILLIS);

            List<TargetServer.Received> told = target.received("/on-call");
            assertEquals(1, told.size(), "two deaths of one cause in one window are one event: " + bodies(told));
            Map<String, Object> event = receiver.json(new String(told.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("delivery.dead", event.get("type"), event.toString());
            assertEquals("ci", event.get("route"), event.toString());
            assertEquals("downstream_rejected", event.get("error_class"), event.toString());
            assertTrue(sent.contains(event.get("event_id")), "the event names a dead event: " + event + ", sent " + sent);
            assertEquals("gh", event.get("source"), event.toString());
            assertTrue(event.get("occurred_at") instanceof String, event.toString());
            assertTrue(String.valueOf(event.get("text")).startsWith("Hookline delivery.dead (ci "), event.toString());
            Eventually.await("both webhooks at /everything", WAIT, () -> target.received("/everything").size(), n -> n >= 2);
            assertEquals(List.of("gh", "gh"), target.received("/everything").stream()
                    .map(r -> r.header("X-Hookline-Source")).toList(), "a catch-all route does not take Hookline's own events");
            assertFalse(new String(told.get(0).body(), StandardCharsets.UTF_8).contains(RunningReceiver.SECRET),
                    "no secret in an operational event: " + event);
        }
    }

    @Test
    void aDeadOperationalDeliveryEmitsNothingFurther() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, routes(target, "hookline:*", Map.of(
                        "hookline.operational-events.window", "1ms")))) {
            target.script("/ci", 400);
            target.script("/on-call", 400, 400, 400);
            send(receiver, "issues");
            Eventually.await("the delivery.dead event at /on-call", WAIT, () -> target.received("/on-call").size(),
                    n -> n >= 1);
            Thread.sleep(QUIET_MILLIS);

            assertEquals(1, target.received("/on-call").size(), "the operational event's own death is told to nobody: "
                    + bodies(target.received("/on-call")));
        }
    }

    @Test
    void aBacklogIsToldOnceWhileTheOldestDueDeliveryIsOverTheThreshold() throws Exception {
        Map<String, Object> extra = new HashMap<>();
        extra.put("hookline.operational-events.window", "1ms");
        extra.put("hookline.operational-events.backlog-threshold", "1s");
        extra.put("hookline.operational-events.check-interval", "100ms");
        extra.put("hookline.routes[0].max-concurrent", 1);
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, routes(target, "hookline:backlog", extra))) {
            // One attempt at a time, each taking 3 s: the deliveries behind it wait well over the threshold.
            target.script("/ci", -3_000, -3_000, -3_000);
            for (String event : List.of("issues", "push", "issues")) {
                send(receiver, event);
            }
            Eventually.await("the backlog event at /on-call", WAIT, () -> target.received("/on-call").size(), n -> n >= 1);
            Eventually.await("every slow delivery", WAIT, () -> target.received("/ci").size(), n -> n == 3);
            Thread.sleep(QUIET_MILLIS);

            List<TargetServer.Received> told = target.received("/on-call");
            assertEquals(1, told.size(), "one backlog event while the threshold stays passed: " + bodies(told));
            Map<String, Object> event = receiver.json(new String(told.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("backlog", event.get("type"), event.toString());
            assertEquals(1, ((Number) event.get("threshold_seconds")).intValue(), event.toString());
            assertTrue(((Number) event.get("waited_seconds")).intValue() >= 1, event.toString());
        }
    }

    @Test
    void aCatchUpRunFailingTwiceTheSameWayIsOneReconcileFailedEvent() throws Exception {
        String wrongToken = "ghp_revokedToken9876543210";
        Map<String, String> auth = Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN);
        try (TargetServer target = new TargetServer(); FakeGitHub github = new FakeGitHub(RunningReceiver.SECRET)) {
            Map<String, Object> extra = new HashMap<>();
            extra.put("hookline.admin-token", RunningReceiver.ADMIN_TOKEN);
            extra.put("hookline.sources.gh.reconcile.token", wrongToken);
            extra.put("hookline.sources.gh.reconcile.hook", FakeGitHub.HOOK);
            extra.put("hookline.sources.gh.reconcile.api-url", github.apiUrl());
            extra.put("hookline.sources.gh.reconcile.interval", "1h");
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, routes(target, "hookline:reconcile.failed",
                    extra))) {
                Eventually.await("the start-up run's reconcile.failed at /on-call", WAIT,
                        () -> target.received("/on-call").size(), n -> n >= 1);
                HttpResponse<String> again = receiver.send("POST", "/admin/sources/gh/reconcile", null, auth);
                assertEquals("failed", receiver.json(again).get("outcome"), again.body());
                Thread.sleep(QUIET_MILLIS);

                List<TargetServer.Received> told = target.received("/on-call");
                assertEquals(1, told.size(), "two failed runs of one cause in one window are one event: " + bodies(told));
                String body = new String(told.get(0).body(), StandardCharsets.UTF_8);
                Map<String, Object> event = receiver.json(body);
                assertEquals("reconcile.failed", event.get("type"), body);
                assertEquals("gh", event.get("source"), body);
                assertEquals("credentials_rejected", event.get("error_class"), body);
                assertFalse(body.contains(wrongToken), "the token is not in the event: " + body);
            }
        }
    }

    @Test
    void aRouteWhoseBreakerOpensIsToldOnceAsBreakerOpened() throws Exception {
        Map<String, Object> extra = new HashMap<>();
        extra.put("hookline.operational-events.window", "1h");
        extra.put("hookline.dispatch.breaker-failures", 2);
        extra.put("hookline.dispatch.breaker-delay", "200ms");
        extra.put("hookline.routes[0].retry-delays", List.of("100ms", "100ms", "100ms"));
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, routes(target, "hookline:breaker.opened", extra))) {
            target.script("/ci", 500, 500, 500, 500, 500, 500, 500, 500);
            send(receiver, "issues");
            send(receiver, "push");
            Eventually.await("the breaker.opened event at /on-call", WAIT, () -> target.received("/on-call").size(),
                    n -> n >= 1);
            // Four attempts of each (three retries), every one answered 500: the breaker opens, half-opens, opens again.
            Eventually.await("every attempt at /ci", WAIT, () -> target.received("/ci").size(), n -> n == 8);
            Thread.sleep(QUIET_MILLIS);

            List<TargetServer.Received> told = target.received("/on-call");
            assertEquals(1, told.size(), "a breaker opening again within the window is not told again: " + bodies(told));
            Map<String, Object> event = receiver.json(new String(told.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("breaker.opened", event.get("type"), event.toString());
            assertEquals("ci", event.get("route"), event.toString());
            assertEquals("downstream_unavailable", event.get("error_class"), event.toString());
            assertTrue(event.get("open_until") instanceof String, event.toString());
        }
    }

    @Test
    void writesTheStoreRefusedAreToldOnceItAcceptsWritesAgain() throws Exception {
        Map<String, Object> extra = new HashMap<>();
        // A push (7 KB) is more than the store takes at once: it is refused, answered 503.
        extra.put("hookline.storage.max-pending-bytes", "4KB");
        extra.put("hookline.operational-events.check-interval", "100ms");
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, routes(target, "hookline:storage.refused", extra))) {
            GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            for (int i = 0; i < 2; i++) {
                assertEquals(503, receiver.post("/hooks/gh", push.body(), push.headers()).statusCode());
            }
            Eventually.await("the storage.refused event at /on-call", WAIT, () -> target.received("/on-call").size(),
                    n -> n >= 1);
            Thread.sleep(QUIET_MILLIS);

            List<TargetServer.Received> told = target.received("/on-call");
            assertEquals(1, told.size(), "one event for the outage: " + bodies(told));
            Map<String, Object> event = receiver.json(new String(told.get(0).body(), StandardCharsets.UTF_8));
            assertEquals("storage.refused", event.get("type"), event.toString());
            // The check may have passed between the two refusals: then the second outage falls in the window of the first.
            assertTrue(((Number) event.get("refused_writes")).intValue() >= 1, event.toString());
            assertTrue(event.get("first_refused_at") instanceof String, event.toString());
        }
    }

    @Test
    void twoInstancesOnOnePostgresqlThatBothSeeTheBacklogStoreOneEvent() throws Exception {
        String database = TestPostgres.server().newDatabase();
        try (TargetServer target = new TargetServer();
                RunningReceiver first = RunningReceiver.start(dataDir.resolve("a"), onPostgres(database, "pg-a", target));
                RunningReceiver second = RunningReceiver.start(dataDir.resolve("b"), onPostgres(database, "pg-b", target))) {
            // Each instance runs one attempt of ci at a time, each taking 3 s: the rest wait over the threshold.
            target.script("/ci", -3_000, -3_000, -3_000, -3_000, -3_000, -3_000);
            for (int i = 0; i < 6; i++) {
                send(i % 2 == 0 ? first : second, i % 2 == 0 ? "issues" : "push");
            }
            Eventually.await("the backlog event at /on-call", WAIT, () -> target.received("/on-call").size(), n -> n >= 1);
            Thread.sleep(QUIET_MILLIS);

            List<TargetServer.Received> told = target.received("/on-call");
            assertEquals(1, told.size(), "both instances saw the backlog; the store kept one event: " + bodies(told));
        }
    }

    @Test
    void aConfiguredSourceNamedHooklineStopsTheReceiver() {
        Exception refused = assertThrows(Exception.class, () -> RunningReceiver.start(dataDir, Map.of(
                "hookline.sources.hookline.provider", "github",
                "hookline.sources.hookline.secrets", List.of("a-secret"))).close());
        Throwable cause = refused;
        while (!(cause instanceof ConfigurationException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        String message = String.valueOf(cause.getMessage());
        assertTrue(message.contains("hookline.sources.hookline") && message.contains("reserved"),
                "a source named hookline is refused at start, naming the key: " + refused);
    }

    /** Route ci sends every gh event to /ci; route on-call sends operational events of {@code match} to /on-call. */
    private static Map<String, Object> routes(TargetServer target, String match, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.dispatch.poll-interval", "100ms");
        properties.put("hookline.dispatch.shutdown-grace", "1s");
        String[][] routes = {{"ci", "gh:*", "/ci"}, {"on-call", match, "/on-call"}};
        for (int i = 0; i < routes.length; i++) {
            String key = "hookline.routes[" + i + "].";
            properties.put(key + "name", routes[i][0]);
            properties.put(key + "match", routes[i][1]);
            properties.put(key + "handler", "forward");
            properties.put(key + "settings.url", target.url(routes[i][2]));
            properties.put(key + "timeout", "20s");
        }
        properties.putAll(extra);
        return properties;
    }

    private static Map<String, Object> onPostgres(String database, String instance, TargetServer target) {
        Map<String, Object> extra = new HashMap<>();
        extra.put("datasources.default.url", database);
        extra.put("datasources.default.username", "postgres");
        extra.put("hookline.instance-id", instance);
        extra.put("hookline.operational-events.window", "1h");
        extra.put("hookline.operational-events.backlog-threshold", "1s");
        extra.put("hookline.operational-events.check-interval", "100ms");
        extra.put("hookline.routes[0].max-concurrent", 1);
        return routes(target, "hookline:backlog", extra);
    }

    private static String send(RunningReceiver receiver, String event) {
        GitHubDelivery delivery = GitHubDelivery.of(event, GitHubDelivery.payload(event.equals("issues") ? "issues.opened.json" : event + ".json"), RunningReceiver.SECRET);
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()));
        assertEquals("accepted", answer.get("status"), answer.toString());
        return (String) answer.get("id");
    }

    private static List<String> bodies(List<TargetServer.Received> received) {
        return received.stream().map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList();
    }
}
