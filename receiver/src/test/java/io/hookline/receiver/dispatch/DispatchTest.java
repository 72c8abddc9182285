package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.provider.common.Hmac;
import io.hookline.provider.common.SignatureText;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers run on stored events against real HTTP targets on 127.0.0.1 that fail on purpose;
 * everything is observed through the admin API, as on-call would.
 */
class DispatchTest {

    static final String TOKEN = "admin-token-for-tests-0123456789abcd";
    static final String FORWARD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(
            "forward-secret-forward-secret-32".getBytes(StandardCharsets.US_ASCII));
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    static Path dataDir;

    static TargetServer target;
    static RunningReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        target = new TargetServer();
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.admin-token", TOKEN);
        properties.put("hookline.instance-id", "dispatch-test-1");
        properties.put("hookline.dispatch.poll-interval", "50ms");
        route(properties, 0, "flaky", "gh:issues.*", target.url("/flaky"));
        route(properties, 1, "rejecting", "gh:pull_request.*", target.url("/rejecting"));
        route(properties, 2, "hanging", "gh:check_run.*", target.url("/hanging"));
        route(properties, 3, "fixable", "gh:status", target.url("/fixable"));
        properties.put("hookline.routes[4].name", "audit");
        properties.put("hookline.routes[4].match", "gh:status");
        properties.put("hookline.routes[4].handler", "log");
        receiver = RunningReceiver.start(dataDir, properties);
    }

    private static void route(Map<String, Object> properties, int index, String name, String match, String url) {
        String key = "hookline.routes[" + index + "].";
        properties.put(key + "name", name);
        properties.put(key + "match", match);
        properties.put(key + "handler", "forward");
        properties.put(key + "settings.url", url);
        properties.put(key + "settings.secret", FORWARD_SECRET);
        properties.put(key + "timeout", "300ms");
        properties.put(key + "retry-delays", List.of("100ms", "100ms", "100ms"));
    }

    @AfterAll
    static void stop() {
        receiver.close();
        target.close();
    }

    @Test
    void targetThatAnswers503TwiceThen200EndsProcessedAfterThreeAttempts() {
        target.script("/flaky", 503, 503);
        String id = send("issues", GitHubDelivery.payload("issues.opened.json"));

        Map<String, Object> event = awaitStatus(id, "processed");
        List<Map<String, Object>> attempts = list(event, "attempts");
        assertEquals(List.of("failed", "failed", "succeeded"), attempts.stream().map(a -> a.get("outcome")).toList());
        assertTrue(attempts.stream().allMatch(a -> "dispatch-test-1".equals(a.get("instance"))),
                "each attempt names the receiver that ran it: " + attempts);
        assertEquals("downstream_unavailable", attempts.get(0).get("error_class"));
        assertEquals("HTTP 503 from 127.0.0.1:" + target.url("").split(":")[2], attempts.get(0).get("message"));
        assertEquals(List.of(503, 503, 200), attempts.stream().map(a -> ((Number) ((Map<?, ?>) a.get("answer"))
                .get("status")).intValue()).toList(), "every attempt keeps what the target answered, a success too");

        List<TargetServer.Received> received = target.received("/flaky");
        assertEquals(3, received.size());
        assertTrue(received.stream().allMatch(r -> id.equals(r.header("webhook-id"))), "one stable id across retries");
        TargetServer.Received last = received.get(2);
        byte[] key = Base64.getDecoder().decode(FORWARD_SECRET.substring(6));
        String expected = SignatureText.BASE64.encode(Hmac.compute(Hmac.Algorithm.SHA256, key,
                id + "." + last.header("webhook-timestamp") + ".", last.body()));
        assertEquals("v1," + expected, last.header("webhook-signature"));
        assertTrue(java.util.Arrays.equals(GitHubDelivery.payload("issues.opened.json"), last.body()),
                "the original body is forwarded byte for byte");
    }

    @Test
    void targetThatAnswers400EndsDeadAfterOneAttempt() {
        target.script("/rejecting", 400);
        String id = send("pull_request", GitHubDelivery.payload("pull_request.opened.json"));

        Map<String, Object> event = awaitStatus(id, "dead");
        assertEquals(1, list(event, "attempts").size());
        assertEquals("downstream_rejected", event.get("last_error_class"));
        Map<String, Object> delivery = list(event, "deliveries").get(0);
        assertEquals("dead", delivery.get("status"));
        assertEquals(1, ((Number) delivery.get("attempts")).intValue());
    }

    @Test
    void targetThatHangsTripsTheTimeoutOnEveryAttemptThenGoesDead() {
        target.script("/hanging", 0, 0, 0, 0);
        String id = send("check_run", GitHubDelivery.payload("check_run.completed.json"));

        Map<String, Object> event = awaitStatus(id, "dead");
        List<Map<String, Object>> attempts = list(event, "attempts");
        assertEquals(4, attempts.size(), "the first attempt and three retries");
        assertTrue(attempts.stream().allMatch(a -> "handler_timeout".equals(a.get("error_class"))), attempts.toString());
        assertTrue(attempts.stream().allMatch(a -> ((Number) a.get("duration_ms")).longValue() < 2_000), attempts.toString());
    }

    @Test
    void replayOfADeadEventAfterTheTargetIsFixedEndsProcessed() {
        target.script("/fixable", 401);
        String id = send("status", GitHubDelivery.payload("status.json"));
        Map<String, Object> dead = awaitStatus(id, "dead");
        assertEquals("permission_denied", dead.get("last_error_class"));
        assertEquals(2, list(dead, "deliveries").size(), "the forward route and the audit log route");

        HttpResponse<String> replay = admin("POST", "/admin/events/" + id + "/replay");
        assertEquals(202, replay.statusCode(), replay.body());

        Map<String, Object> processed = awaitStatus(id, "processed");
        assertEquals(List.of("succeeded"), list(processed, "attempts").stream()
                .filter(a -> "fixable".equals(a.get("route"))).skip(1).map(a -> a.get("outcome")).toList());
    }

    @Test
    void eventWithoutMatchingRouteIsProcessedWithNoAttempts() {
        String id = send("push", GitHubDelivery.payload("push.json"));
        Map<String, Object> event = detail(id);
        assertEquals("processed", event.get("status"));
        assertEquals(List.of(), event.get("attempts"));
    }

    @Test
    void bulkReplayQueuesEveryDeadEventMatchingTheFilter() {
        target.script("/rejecting", 400, 400);
        String first = send("pull_request", GitHubDelivery.payload("pull_request.closed.json"));
        String second = send("pull_request", GitHubDelivery.payload("pull_request.synchronize.json"));
        awaitStatus(first, "dead");
        awaitStatus(second, "dead");

        HttpResponse<String> replay = adminPost("/admin/replay", "{\"source\":\"gh\",\"type\":\"pull_request.*\"}");
        assertEquals(202, replay.statusCode(), replay.body());
        assertTrue(((Number) receiver.json(replay).get("queued")).intValue() >= 2, replay.body());
        awaitStatus(first, "processed");
        awaitStatus(second, "processed");
    }

    @Test
    void adminApiWantsTheBearerToken() {
        HttpResponse<String> none = receiver.get("/admin/events");
        WebhookReceiveTestSupport.error(receiver, none, 401, "unauthorized");
        HttpResponse<String> wrong = receiver.send("GET", "/admin/events", null, Map.of("Authorization", "Bearer nope"));
        WebhookReceiveTestSupport.error(receiver, wrong, 401, "unauthorized");
        HttpResponse<String> listed = admin("GET", "/admin/events?status=processed&limit=2");
        assertEquals(200, listed.statusCode(), listed.body());
        assertNotNull(receiver.json(listed).get("events"));
        WebhookReceiveTestSupport.error(receiver, admin("GET", "/admin/events?status=sideways"), 400, "invalid_query");
        Map<String, Object> badCursor = WebhookReceiveTestSupport.error(receiver, admin("GET", "/admin/events?cursor=garbage"),
                400, "invalid_query");
        assertTrue(String.valueOf(badCursor.get("detail")).startsWith("cursor must be the next_cursor of a page"),
                badCursor.toString());
        WebhookReceiveTestSupport.error(receiver, admin("GET", "/admin/events/evt_missing"), 404, "event_not_found");
    }

    private static String send(String event, byte[] body) {
        GitHubDelivery delivery = GitHubDelivery.of(event, body, RunningReceiver.SECRET);
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()));
        assertEquals("accepted", answer.get("status"), answer.toString());
        return (String) answer.get("id");
    }

    private static Map<String, Object> awaitStatus(String id, String status) {
        return Eventually.await("event " + id + " to be " + status, WAIT, () -> detail(id),
                event -> status.equals(event.get("status")));
    }

    static Map<String, Object> detail(String id) {
        HttpResponse<String> response = admin("GET", "/admin/events/" + id);
        assertEquals(200, response.statusCode(), response.body());
        return receiver.json(response);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> event, String field) {
        return (List<Map<String, Object>>) event.get(field);
    }

    private static HttpResponse<String> admin(String method, String path) {
        return receiver.send(method, path, null, Map.of("Authorization", "Bearer " + TOKEN));
    }

    private static HttpResponse<String> adminPost(String path, String json) {
        return receiver.send("POST", path, json.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"));
    }
}
