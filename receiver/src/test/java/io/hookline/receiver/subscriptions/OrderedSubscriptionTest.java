package io.hookline.receiver.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A subscription made with {@code order_by} delivers each key's events one at a time in receipt
 * order, as a route with {@code order-by} does; a malformed one is refused naming the field.
 */
class OrderedSubscriptionTest {

    private static final String TOKEN = "ordered-subscription-token-0123456789";

    @TempDir
    Path dataDir;

    @Test
    void aSubscriptionWithOrderByDeliversEachKeyInReceiptOrder() throws Exception {
        KeyedLoad load = new KeyedLoad(8, 20);
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = receiver()) {
            HttpResponse<String> refused = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"bad\",\"url\":\""
                    + target.url("/bad") + "\",\"events\":[\"gh:push\"],\"order_by\":\"repository.full_name\"}");
            assertEquals(400, refused.statusCode(), refused.body());
            assertTrue(refused.body().contains("order_by: 'repository.full_name' is not a key"), refused.body());
            assertTrue(refused.body().contains("as an expression, line 1, column 1: undeclared reference to 'repository'"),
                    refused.body());

            HttpResponse<String> created = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"ordered\",\"url\":\""
                    + target.url("/ordered") + "\",\"events\":[\"gh:push\"],\"order_by\":\"" + KeyedLoad.ORDER_BY
                    + "\",\"retry_delays\":[\"1s\",\"1s\",\"1s\",\"1s\",\"1s\",\"1s\",\"1s\",\"1s\"]}");
            assertEquals(201, created.statusCode(), created.body());
            assertTrue(created.body().contains("\"order_by\":\"" + KeyedLoad.ORDER_BY + "\""), created.body());
            target.script("/ordered", load.slowAndSometimesFailing(10, 5));
            load.sendAll((key, push) -> accept(receiver, push));

            Eventually.await("every event delivered", Duration.ofSeconds(60), () -> receiver.count(
                    "SELECT count(*) FROM deliveries WHERE route = 'ordered' AND status = 'processed'"), n -> n == load.events());
            load.assertOrderedPerKeyAndInterleaved(target, target.received("/ordered"));
            assertTrue(target.mostAtOnce("/ordered") > 1, "different keys ran at the same time");
        }
    }

    @Test
    void itsDeliveriesShowEachKeyAndTheEventAWaitingOneWaitsBehind() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = receiver()) {
            HttpResponse<String> created = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"held\",\"url\":\""
                    + target.url("/held") + "\",\"events\":[\"gh:push\"],\"order_by\":\"" + KeyedLoad.ORDER_BY
                    + "\",\"retry_delays\":[\"1h\"]}");
            assertEquals(201, created.statusCode(), created.body());
            String id = (String) receiver.json(created).get("id");
            target.script("/held", 503);
            String first = accept(receiver, KeyedLoad.push(1, 0));
            Eventually.await("the first push waiting an hour for its retry", Duration.ofSeconds(10),
                    () -> receiver.count("SELECT count(*) FROM deliveries WHERE route = 'held' AND status = 'retrying'"),
                    n -> n == 1);
            String second = accept(receiver, KeyedLoad.push(1, 1));

            HttpResponse<String> listed = admin(receiver, "GET", "/admin/subscriptions/" + id + "/deliveries", null);
            assertEquals(200, listed.statusCode(), listed.body());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> deliveries = (List<Map<String, Object>>) receiver.json(listed).get("deliveries");
            assertEquals(List.of(second, first), deliveries.stream().map(d -> d.get("event_id")).toList(), listed.body());
            assertEquals("org/repo-1", deliveries.get(0).get("order_key"), listed.body());
            assertEquals(first, deliveries.get(0).get("held_by"), listed.body());
            assertEquals("retrying", deliveries.get(1).get("status"), listed.body());
            assertEquals("org/repo-1", deliveries.get(1).get("order_key"), listed.body());
            assertNull(deliveries.get(1).get("held_by"), listed.body());

            HttpResponse<String> unordered = admin(receiver, "PATCH", "/admin/subscriptions/" + id, "{\"order_by\":null}");
            assertEquals(200, unordered.statusCode(), unordered.body());
            Eventually.await("the waiting push delivered once the subscription keeps no order", Duration.ofSeconds(10),
                    () -> receiver.count("SELECT count(*) FROM deliveries WHERE route = 'held' AND status = 'processed'"),
                    n -> n == 1);
            assertEquals(2, target.received("/held").size(), "the first push's attempt and the second's delivery");
        }
    }

    @Test
    void anOrderByOnACredentialHeaderOrABrokenPointerIsRefusedWhenMadeOrChanged() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = receiver()) {
            Map<String, String> refusals = Map.of(
                    "header:Authorization", "order_by: header 'authorization' carries credentials and is never stored:"
                            + " it cannot order deliveries",
                    "header:cookie", "order_by: header 'cookie' carries credentials and is never stored",
                    "type + headers.cookie", "as an expression, line 1, column 15: header 'cookie' carries credentials and"
                            + " is never stored",
                    "header:X-Hub-Signature-256", "order_by: header 'x-hub-signature-256' carries credentials and is"
                            + " never stored",
                    "/a~2", "order_by: '/a~2' is not a JSON pointer: the '~' at character 3 must be followed by 0 or 1");
            for (Map.Entry<String, String> refusal : refusals.entrySet()) {
                HttpResponse<String> refused = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"bad\",\"url\":\""
                        + target.url("/bad") + "\",\"events\":[\"*\"],\"order_by\":\"" + refusal.getKey() + "\"}");
                assertEquals(400, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains(refusal.getValue()), refused.body());
            }
            HttpResponse<String> created = admin(receiver, "POST", "/admin/subscriptions", "{\"name\":\"by-agent\",\"url\":\""
                    + target.url("/ok") + "\",\"events\":[\"*\"],\"order_by\":\"header:User-Agent\"}");
            assertEquals(201, created.statusCode(), created.body());
            String id = (String) receiver.json(created).get("id");
            HttpResponse<String> changed = admin(receiver, "PATCH", "/admin/subscriptions/" + id,
                    "{\"order_by\":\"header:proxy-authorization\"}");
            assertEquals(400, changed.statusCode(), changed.body());
            assertTrue(changed.body().contains("order_by: header 'proxy-authorization' carries credentials"), changed.body());
        }
    }

    /** A receiver whose admin API makes subscriptions to loopback targets, claiming every 50 ms. */
    private RunningReceiver receiver() {
        return RunningReceiver.start(dataDir, Map.of("hookline.admin-token", TOKEN,
                "hookline.secret-key", SubscriptionsTest.SECRET_KEY,
                "hookline.subscriptions.allow-private-targets", "true",
                "hookline.dispatch.poll-interval", "50ms"));
    }

    /** Sends the push, which must be accepted; its event id. */
    private static String accept(RunningReceiver receiver, GitHubDelivery push) {
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", push.body(), push.headers()));
        assertEquals("accepted", answer.get("status"), answer.toString());
        return (String) answer.get("id");
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String json) {
        return receiver.send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"));
    }
}
