package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.KeyedLoad;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
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
 * A dead delivery of an ordered route holds its key: the routes panel shows the key and the event
 * holding it, the other keys run on, and skipping the dead delivery lets the rest of its key run, in
 * order. With {@code order-dead: release} the next of the key runs at once. A route with a {@code where:}
 * keys the events it takes. Real HTTP on 127.0.0.1.
 */
class HeldKeysTest {

    private static final String TOKEN = "held-keys-admin-token-0123456789abcd";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aDeadDeliveryHoldsItsKeyShownOnTheRoutesPanelUntilItIsSkipped() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, OrderedDeliveryTest.orderedRoute(target,
                        Map.of("hookline.admin-token", TOKEN, "hookline.routes[0].retry-delays", List.of())))) {
            String held = deadFirst(receiver, target, 1);
            String next = accept(receiver, KeyedLoad.push(1, 1));
            String last = accept(receiver, KeyedLoad.push(1, 2));
            String otherKey = accept(receiver, KeyedLoad.push(2, 0));
            Eventually.await("the other key delivered", WAIT, () -> target.received("/ordered").size(), n -> n == 2);
            assertEquals(Map.of("order_key", "org/repo-1", "held_by", held, "status", "pending"), ordering(receiver, next),
                    "the event's detail says what its delivery waits behind");
            assertEquals(Map.of("order_key", "org/repo-1", "held_by", held, "status", "pending"), ordering(receiver, last));
            assertEquals(Map.of("order_key", "org/repo-1", "status", "dead"), ordering(receiver, held), "the holder waits on nothing");
            Eventually.await("key 2's event processed", WAIT, () -> eventStatus(receiver, otherKey), "processed"::equals);
            assertEquals(Map.of("order_key", "org/repo-2", "status", "processed"), ordering(receiver, otherKey));

            String routes = admin(receiver, "GET", "/admin/routes").body();
            assertTrue(routes.contains("\"order_by\":\"" + KeyedLoad.ORDER_BY + "\""), routes);
            assertTrue(routes.contains("\"blocked_keys_bound\":20"), "a list that long may leave keys out: " + routes);
            assertTrue(routes.contains("\"blocked_keys\":[{\"key\":\"org/repo-1\",\"held_by\":\"" + held
                    + "\",\"status\":\"dead\",\"attempts\":1,\"last_error_class\":\"downstream_rejected\",\"waiting\":2"), routes);
            Thread.sleep(300); // several claim rounds: nothing of key 1 runs behind its dead delivery
            assertEquals(2, target.received("/ordered").size(), "only the dead attempt and key 2's event reached it");

            HttpResponse<String> skipped = admin(receiver, "POST", "/admin/events/" + held + "/deliveries/ordered/skip");
            assertEquals(200, skipped.statusCode(), skipped.body());
            assertEquals("{\"status\":\"skipped\",\"id\":\"" + held + "\",\"route\":\"ordered\",\"reason\":null}",
                    skipped.body(), "every field, null or not, as every admin answer");
            Eventually.await("the rest of key 1 delivered", WAIT, () -> target.received("/ordered").size(), n -> n == 4);
            List<String> bodies = target.received("/ordered").stream()
                    .map(r -> new String(r.body(), StandardCharsets.UTF_8)).toList();
            assertTrue(bodies.get(2).contains("\"seq\":1") && bodies.get(3).contains("\"seq\":2"), bodies.toString());
            assertEquals("processed", eventStatus(receiver, held), "a skipped delivery's event is done");
            Eventually.await("the last of key 1 processed", WAIT, () -> eventStatus(receiver, last), "processed"::equals);
            assertEquals(Map.of("order_key", "org/repo-1", "status", "processed"), ordering(receiver, last),
                    "delivered: it waits behind nothing");
            assertTrue(admin(receiver, "GET", "/admin/routes").body().contains("\"blocked_keys\":[]"));
            HttpResponse<String> again = admin(receiver, "POST", "/admin/events/" + held + "/deliveries/ordered/skip");
            assertTrue(again.body().contains("\"status\":\"not_skipped\"") && again.body().contains("\"reason\":\"done\""),
                    again.body());
            HttpResponse<String> noDelivery = admin(receiver, "POST", "/admin/events/" + held + "/deliveries/nowhere/skip");
            assertEquals(404, noDelivery.statusCode(), noDelivery.body());
            assertEquals(Map.of("status", 404, "code", "delivery_not_found", "title", "Delivery not found",
                    "detail", "event '" + held + "' has no delivery to route 'nowhere' (its deliveries: [ordered])"),
                    error(receiver, noDelivery), "the event is there: the route is what is not found");
            HttpResponse<String> noEvent = admin(receiver, "POST", "/admin/events/evt_missing/deliveries/ordered/skip");
            assertEquals(404, noEvent.statusCode(), noEvent.body());
            assertEquals("event_not_found", error(receiver, noEvent).get("code"));
        }
    }

    @Test
    void twoLongKeysThatBeginAlikeAreHeldApartAndShownByTheirFirstCharactersAndADigest() throws Exception {
        String common = "org/" + "r".repeat(250);
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, OrderedDeliveryTest.orderedRoute(target,
                        Map.of("hookline.admin-token", TOKEN, "hookline.routes[0].retry-delays", List.of())))) {
            target.script("/ordered", 400);
            String held = accept(receiver, repositoryPush(common + "-1"));
            Eventually.await("the first long key's event dead", WAIT, () -> eventStatus(receiver, held), "dead"::equals);
            String other = accept(receiver, repositoryPush(common + "-2"));
            Eventually.await("the other long key's event delivered", WAIT, () -> eventStatus(receiver, other),
                    "processed"::equals);

            List<?> keys = (List<?>) routePanel(receiver).get("blocked_keys");
            assertEquals(1, keys.size(), "one key held, the other delivered: " + keys);
            Map<?, ?> blocked = (Map<?, ?>) keys.get(0);
            String shown = (String) blocked.get("key");
            assertEquals(held, blocked.get("held_by"));
            assertEquals(200, shown.length(), shown);
            assertEquals(common.substring(0, 149) + "…sha256:E_IacKeOX4v45r9a1tvVbQILsnHAnATk8iIhBTd3Lic", shown,
                    "its first characters, then the SHA-256 of the whole key (as docs/handlers.md shows it)");
            assertEquals(0, ((Number) blocked.get("waiting")).intValue(), "the other key does not wait behind it");
        }
    }

    @Test
    void withReleaseADeadDeliveryLetsTheNextOfItsKeyRun() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, OrderedDeliveryTest.orderedRoute(target,
                        Map.of("hookline.admin-token", TOKEN, "hookline.routes[0].retry-delays", List.of(),
                                "hookline.dispatch.order-dead", "release")))) {
            target.script("/ordered", 400);
            String dead = accept(receiver, KeyedLoad.push(1, 0));
            accept(receiver, KeyedLoad.push(1, 1));
            Eventually.await("the next of the key delivered", WAIT, () -> target.received("/ordered").size(), n -> n == 2);
            assertEquals("dead", eventStatus(receiver, dead));
            assertTrue(admin(receiver, "GET", "/admin/routes").body().contains("\"blocked_keys\":[]"),
                    "a dead delivery that releases its key holds nothing");
        }
    }

    @Test
    void aRouteWithAWhereKeysTheEventsItTakesFromTheSameReadOfTheBody() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, OrderedDeliveryTest.orderedRoute(target,
                        Map.of("hookline.admin-token", TOKEN, "hookline.routes[0].retry-delays", List.of(),
                                "hookline.routes[0].where", "body.ref == 'refs/heads/main'")))) {
            String held = deadFirst(receiver, target, 3);
            String otherBranch = accept(receiver, GitHubDelivery.of("push", ("{\"ref\":\"refs/heads/dev\","
                    + "\"repository\":{\"full_name\":\"org/repo-3\",\"seq\":1}}").getBytes(StandardCharsets.UTF_8),
                    RunningReceiver.SECRET));
            assertEquals("processed", eventStatus(receiver, otherBranch), "the where takes it not: nothing to deliver");
            accept(receiver, KeyedLoad.push(3, 2));
            String routes = admin(receiver, "GET", "/admin/routes").body();
            assertTrue(routes.contains("\"blocked_keys\":[{\"key\":\"org/repo-3\",\"held_by\":\"" + held
                    + "\",\"status\":\"dead\",\"attempts\":1,\"last_error_class\":\"downstream_rejected\",\"waiting\":1"),
                    routes);
        }
    }

    @Test
    void anExpressionKeysTheEventsAndADeadOneHoldsOnlyItsOwnKey() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, OrderedDeliveryTest.orderedRoute(target,
                        Map.of("hookline.admin-token", TOKEN, "hookline.routes[0].retry-delays", List.of(),
                                "hookline.routes[0].order-by", "body.repository.full_name + '@' + body.ref")))) {
            String held = deadFirst(receiver, target, 1);
            String waiting = accept(receiver, KeyedLoad.push(1, 1));
            String otherKey = accept(receiver, KeyedLoad.push(2, 0));
            Eventually.await("the other key delivered", WAIT, () -> eventStatus(receiver, otherKey), "processed"::equals);
            assertEquals(Map.of("order_key", "org/repo-1@refs/heads/main", "held_by", held, "status", "pending"),
                    ordering(receiver, waiting));
            assertTrue(admin(receiver, "GET", "/admin/routes").body().contains("\"order_by\":\"body.repository.full_name"
                    + " + '@' + body.ref\""), "the expression as written");
            String noRepository = accept(receiver, GitHubDelivery.of("push",
                    "{\"ref\":\"refs/heads/main\"}".getBytes(StandardCharsets.UTF_8), RunningReceiver.SECRET));
            Eventually.await("the push without a repository delivered, in no order", WAIT,
                    () -> eventStatus(receiver, noRepository), "processed"::equals);
            assertEquals(List.of("route ordered: order-by failed: line 1, column 5: key 'repository' is not present in map."
                    + " (delivered in no particular order)"),
                    receiver.json(admin(receiver, "GET", "/admin/events/" + noRepository)).get("notes"));
        }
    }

    @Test
    void removingOrderByLetsTheDeliveriesWaitingBehindADeadOneRunAfterTheRestart() throws Exception {
        try (TargetServer target = new TargetServer()) {
            Map<String, Object> ordered = OrderedDeliveryTest.orderedRoute(target,
                    Map.of("hookline.admin-token", TOKEN, "hookline.routes[0].retry-delays", List.of()));
            String held;
            String waiting;
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, ordered)) {
                held = deadFirst(receiver, target, 1);
                waiting = accept(receiver, KeyedLoad.push(1, 1));
                Thread.sleep(300); // several claim rounds: it waits behind the dead one
                assertEquals(Map.of("order_key", "org/repo-1", "held_by", held, "status", "pending"),
                        ordering(receiver, waiting));
            }
            Map<String, Object> unordered = new HashMap<>(ordered);
            unordered.remove("hookline.routes[0].order-by");
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, unordered)) {
                Eventually.await("the waiting event delivered", WAIT, () -> eventStatus(receiver, waiting),
                        "processed"::equals);
                assertEquals("dead", eventStatus(receiver, held), "the dead one stays as it was, for on-call");
                assertEquals(2, target.received("/ordered").size());
            }
        }
    }

    /** The first push of the key, which the target refuses: dead at once on a route without retries, holding its key. */
    private static String deadFirst(RunningReceiver receiver, TargetServer target, int key) {
        target.script("/ordered", 400);
        String held = accept(receiver, KeyedLoad.push(key, 0));
        Eventually.await("the first event dead", WAIT, () -> eventStatus(receiver, held), "dead"::equals);
        return held;
    }

    private static String accept(RunningReceiver receiver, GitHubDelivery push) {
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", push.body(), push.headers()));
        assertEquals("accepted", answer.get("status"), answer.toString());
        return (String) answer.get("id");
    }

    private static GitHubDelivery repositoryPush(String repository) {
        return GitHubDelivery.of("push", ("{\"ref\":\"refs/heads/main\",\"repository\":{\"full_name\":\"" + repository
                + "\",\"seq\":0}}").getBytes(StandardCharsets.UTF_8), RunningReceiver.SECRET);
    }

    private static Map<?, ?> routePanel(RunningReceiver receiver) {
        List<?> routes = (List<?>) receiver.json(admin(receiver, "GET", "/admin/routes")).get("routes");
        return routes.stream().map(route -> (Map<?, ?>) route).filter(route -> "ordered".equals(route.get("name")))
                .findFirst().orElseThrow();
    }

    /** Of the event's one delivery, as its detail shows it: its key, what holds it (when something does) and its status. */
    private static Map<String, Object> ordering(RunningReceiver receiver, String id) {
        Map<?, ?> delivery = (Map<?, ?>) ((List<?>) receiver.json(admin(receiver, "GET", "/admin/events/" + id))
                .get("deliveries")).get(0);
        assertTrue(delivery.containsKey("order_key") && delivery.containsKey("held_by"), "both fields, null or not: " + delivery);
        Map<String, Object> shown = new HashMap<>();
        for (String field : List.of("order_key", "held_by", "status")) {
            if (delivery.get(field) != null) {
                shown.put(field, delivery.get(field));
            }
        }
        return shown;
    }

    /** The standard error's status, code, title and detail (not its id and meta, which differ each time). */
    private static Map<?, ?> error(RunningReceiver receiver, HttpResponse<String> answer) {
        Map<Object, Object> error = new HashMap<>((Map<?, ?>) receiver.json(answer).get("error"));
        error.keySet().retainAll(List.of("status", "code", "title", "detail"));
        return error;
    }

    private static String eventStatus(RunningReceiver receiver, String id) {
        return (String) receiver.json(admin(receiver, "GET", "/admin/events/" + id)).get("status");
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path) {
        return receiver.send(method, path, null, Map.of("Authorization", "Bearer " + TOKEN));
    }
}
