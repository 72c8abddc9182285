package io.hookline.receiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay does exactly what was asked, over real HTTP to two real downstreams on 127.0.0.1: one
 * healthy, one that answers 500 until the event goes dead. By default only the dead delivery runs
 * again; a replay of named routes runs those; {@code all} runs every one, the healthy included.
 * Attempt numbers go on, and every replay is in the event's history.
 */
class ReplayChoiceTest {

    private static final String TOKEN = "replay-choice-token-0123456789abcdefgh";
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private TargetServer target;
    private RunningReceiver receiver;

    @BeforeEach
    void start() throws Exception {
        target = new TargetServer();
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.admin-token", TOKEN);
        properties.put("hookline.dispatch.poll-interval", "50ms");
        // Several events fail on purpose one after the other: the breaker would hold their retries back.
        properties.put("hookline.dispatch.breaker-failures", 100);
        route(properties, 0, "ci", target.url("/ci"));
        route(properties, 1, "healthy", target.url("/healthy"));
        receiver = RunningReceiver.start(dataDir, properties);
    }

    private static void route(Map<String, Object> properties, int index, String name, String url) {
        String key = "hookline.routes[" + index + "].";
        properties.put(key + "name", name);
        properties.put(key + "match", "gh:push");
        properties.put(key + "handler", "forward");
        properties.put(key + "settings.url", url);
        properties.put(key + "retry-delays", List.of("50ms", "50ms"));
    }

    @AfterEach
    void stop() {
        receiver.close();
        target.close();
    }

    @Test
    void aReplayByDefaultRunsOnlyTheDeadDeliveryAndItsAttemptNumbersGoOn() {
        String id = deadOnCi();

        target.script("/ci", 503);
        HttpResponse<String> replay = admin("POST", "/admin/events/" + id + "/replay", null, Map.of());
        assertEquals(202, replay.statusCode(), replay.body());
        assertEquals(Map.of("status", "queued", "id", id, "routes", List.of("ci"), "dropped", List.of(), "running", List.of()),
                receiver.json(replay));
        Map<String, Object> event = awaitStatus(id, "processed");

        assertEquals(5, target.received("/ci").size(), "three failed attempts, then the replay's failure and its retry");
        assertEquals(1, target.received("/healthy").size(), "the healthy downstream got the event once in total");
        assertEquals(List.of(1, 2, 3, 4, 5), numbers(event, "ci"), "attempt 4 after three, not 1 again");
        assertEquals(List.of(1), numbers(event, "healthy"));
        Map<String, Object> ci = delivery(event, "ci");
        assertEquals(5, ((Number) ci.get("attempts")).intValue(), "a replay has its retries again");

        List<Map<String, Object>> history = list(event, "replays");
        assertEquals(1, history.size(), event.toString());
        Map<String, Object> recorded = history.get(0);
        assertEquals(List.of("api", "failed", List.of("ci"), false), List.of(recorded.get("started_by"),
                recorded.get("selection"), recorded.get("routes"), recorded.get("dry_run")));
        assertTrue(recorded.get("started_at") instanceof String, recorded.toString());

        HttpResponse<String> again = admin("POST", "/admin/events/" + id + "/replay", null, Map.of());
        assertEquals(200, again.statusCode(), again.body());
        assertEquals("nothing_to_replay", receiver.json(again).get("status"), "nothing failed any more");
    }

    @Test
    void aReplayOfNamedRoutesRunsThoseAndAllRunsTheHealthyOneAgainOnPurpose() {
        String id = deadOnCi();

        HttpResponse<String> unknown = admin("POST", "/admin/events/" + id + "/replay", "{\"routes\":[\"ci\",\"nope\"]}",
                Map.of());
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("nope is not a route or subscription of event " + id), unknown.body());
        HttpResponse<String> typo = admin("POST", "/admin/events/" + id + "/replay", "{\"route\":[\"ci\"]}", Map.of());
        assertEquals(400, typo.statusCode(), "an unknown field is refused: " + typo.body());
        assertTrue(typo.body().contains("route: not a field of a replay"), typo.body());

        HttpResponse<String> dryRun = admin("POST", "/admin/events/" + id + "/replay", "{\"all\":true,\"dry_run\":true}",
                Map.of("X-Hookline-Origin", "dashboard"));
        assertEquals(200, dryRun.statusCode(), dryRun.body());
        assertEquals(List.of("ci", "healthy"), receiver.json(dryRun).get("routes"));

        HttpResponse<String> healthy = admin("POST", "/admin/events/" + id + "/replay", "{\"routes\":[\"healthy\"]}",
                Map.of());
        assertEquals(202, healthy.statusCode(), healthy.body());
        Eventually.await("the healthy route to get the event again", WAIT, () -> target.received("/healthy").size(),
                n -> n == 2);
        Map<String, Object> event = receiver.json(admin("GET", "/admin/events/" + id, null, Map.of()));
        assertEquals("dead", event.get("status"), "the dead delivery was not named, so it stays dead");
        assertEquals(3, target.received("/ci").size());

        HttpResponse<String> all = admin("POST", "/admin/events/" + id + "/replay", "{\"all\":true}",
                Map.of("X-Hookline-Origin", "dashboard"));
        assertEquals(202, all.statusCode(), all.body());
        event = awaitStatus(id, "processed");
        Eventually.await("the healthy route to get it a third time", WAIT, () -> target.received("/healthy").size(),
                n -> n == 3);
        assertEquals(4, target.received("/ci").size());
        assertEquals(List.of(1, 2, 3), numbers(event, "healthy"));

        List<Map<String, Object>> history = list(event, "replays");
        assertEquals(List.of("all", "routes", "all"), history.stream().map(r -> r.get("selection")).toList());
        assertEquals(List.of(true, false, false), history.stream().map(r -> r.get("dry_run")).toList());
        assertEquals(List.of("dashboard", "api", "dashboard"), history.stream().map(r -> r.get("started_by")).toList());
        assertEquals(List.of(List.of("ci", "healthy"), List.of("healthy"), List.of("ci", "healthy")),
                history.stream().map(r -> r.get("routes")).toList());
    }

    @Test
    void aBulkReplayTakesTheSameChoice() {
        String first = deadOnCi();
        String second = deadOnCi();

        HttpResponse<String> unknown = admin("POST", "/admin/replay", "{\"routes\":[\"nope\"]}", Map.of());
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertTrue(unknown.body().contains("nope is not a route or subscription"), unknown.body());

        HttpResponse<String> dryRun = admin("POST", "/admin/replay", "{\"dry_run\":true}", Map.of());
        assertEquals(200, dryRun.statusCode(), dryRun.body());
        assertEquals(Map.of("ci", 2), receiver.json(dryRun).get("deliveries_by_route"), "only the failed deliveries");

        HttpResponse<String> replay = admin("POST", "/admin/replay", "{\"source\":\"gh\"}", Map.of());
        assertEquals(202, replay.statusCode(), replay.body());
        assertEquals(2, ((Number) receiver.json(replay).get("queued")).intValue());
        awaitStatus(first, "processed");
        Map<String, Object> event = awaitStatus(second, "processed");
        assertEquals(2, target.received("/healthy").size(), "each event reached the healthy downstream once");
        assertEquals(8, target.received("/ci").size());
        assertEquals(List.of(1, 2, 3, 4), numbers(event, "ci"));

        HttpResponse<String> all = admin("POST", "/admin/replay", "{\"status\":\"processed\",\"all\":true,\"rate\":50}",
                Map.of());
        assertEquals(202, all.statusCode(), all.body());
        assertEquals("all", receiver.json(all).get("selection"));
        Eventually.await("every route of both events to run again", WAIT,
                () -> List.of(target.received("/healthy").size(), target.received("/ci").size()),
                List.of(4, 10)::equals);
        List<Map<String, Object>> history = list(receiver.json(admin("GET", "/admin/events/" + first, null, Map.of())),
                "replays");
        assertEquals(List.of("failed", "all"), history.stream().map(r -> r.get("selection")).toList());
        assertEquals(50.0, ((Number) history.get(1).get("rate")).doubleValue());
        assertEquals(List.of("ci", "healthy"), history.get(1).get("routes"));
    }

    /** Sends a push that the ci downstream refuses with 500 until it is dead, while the healthy one takes it. */
    private String deadOnCi() {
        target.script("/ci", 500, 500, 500);
        GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()));
        String id = (String) answer.get("id");
        Map<String, Object> event = awaitStatus(id, "dead");
        assertEquals("processed", delivery(event, "healthy").get("status"));
        return id;
    }

    private Map<String, Object> awaitStatus(String id, String status) {
        return Eventually.await("event " + id + " to be " + status, WAIT,
                () -> receiver.json(admin("GET", "/admin/events/" + id, null, Map.of())),
                event -> status.equals(event.get("status")));
    }

    private HttpResponse<String> admin(String method, String path, String json, Map<String, String> headers) {
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Bearer " + TOKEN);
        if (json != null) {
            all.put("Content-Type", "application/json");
        }
        return receiver.send(method, path, json == null ? null : json.getBytes(), all);
    }

    private static List<Integer> numbers(Map<String, Object> event, String route) {
        return list(event, "attempts").stream().filter(a -> route.equals(a.get("route")))
                .map(a -> ((Number) a.get("number")).intValue()).toList();
    }

    private static Map<String, Object> delivery(Map<String, Object> event, String route) {
        return list(event, "deliveries").stream().filter(d -> route.equals(d.get("route"))).findFirst().orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> json, String field) {
        return (List<Map<String, Object>>) json.get(field);
    }
}
