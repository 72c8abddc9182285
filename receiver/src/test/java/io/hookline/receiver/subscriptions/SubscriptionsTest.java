package io.hookline.receiver.subscriptions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.SentryIngest;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.store.EventStore;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Subscriptions over real HTTP: made, changed, disabled, deleted and rotated through the admin API,
 * each delivery checked at a loopback target with the official Standard Webhooks library.
 */
public class SubscriptionsTest {

    private static final String ADMIN = "subscriptions-admin-token-0123456789";
    public static final String SECRET_KEY = "q3Vx5oWm0yNf6b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5=";
    private static final byte[] PUSH = GitHubDelivery.payload("push.json");
    private static final byte[] ISSUE = GitHubDelivery.payload("issues.opened.json");

    @TempDir
    Path dataDir;

    @Test
    void aSubscriptionGetsSignedDeliveriesFollowsItsFilterAndStopsWhenDisabledOrDeleted() throws Exception {
        try (TargetServer target = new TargetServer(); RunningReceiver receiver = RunningReceiver.start(dataDir, config(true))) {
            Map<String, Object> created = create(receiver, "{\"name\":\"billing\",\"url\":\"" + target.url("/billing")
                    + "\",\"events\":[\"gh:push\"],\"headers\":{\"X-Team\":\"payments\"},\"description\":\"the payments team\"}");
            String id = (String) created.get("id");
            String secret = (String) created.get("secret");
            assertTrue(secret.startsWith("whsec_"), created.toString());
            assertTrue(id.startsWith("sub_"));

            String pushId = post(receiver, "push", PUSH);
            TargetServer.Received delivered = awaitDeliveries(target, "/billing", 1).get(0);
            verify(secret, delivered);
            assertEquals(pushId, delivered.header("webhook-id"), "the event id: the same on every retry");
            assertEquals("payments", delivered.header("x-team"));
            assertEquals(receiver.context().getBean(EventStore.class).find(pushId).orElseThrow().requestId(),
                    delivered.header("x-hookline-request-id"), "the request that brought the event");
            assertTrue(delivered.header("x-hookline-request-id").startsWith("req_"), delivered.headers().toString());
            assertEquals(new String(PUSH, StandardCharsets.UTF_8), new String(delivered.body(), StandardCharsets.UTF_8));

            Map<?, ?> firstTry = Eventually.await("the attempt in the delivery log", Duration.ofSeconds(10), () -> {
                List<?> log = (List<?>) receiver.json(admin(receiver, "GET", "/admin/subscriptions/" + id + "/deliveries",
                        null)).get("deliveries");
                List<?> tries = log.isEmpty() ? List.of() : (List<?>) ((Map<?, ?>) log.get(0)).get("tries");
                return tries.isEmpty() ? Map.of() : (Map<?, ?>) tries.get(0);
            }, attempt -> "succeeded".equals(attempt.get("outcome")));
            assertEquals("HTTP 200 from 127.0.0.1", firstTry.get("message"), "what the target answered, kept");
            assertNull(((Map<?, ?>) ((List<?>) detail(receiver, pushId).get("deliveries")).stream()
                    .map(d -> (Map<?, ?>) d).filter(d -> "billing".equals(d.get("route"))).findFirst().orElseThrow())
                    .get("last_error"), "a success is no error");

            String listed = admin(receiver, "GET", "/admin/subscriptions", null).body();
            assertTrue(listed.contains("\"name\":\"billing\""), listed);
            assertFalse(listed.contains(secret.substring(6)), "the secret is shown once, at creation");
            assertFalse(admin(receiver, "GET", "/admin/subscriptions/" + id, null).body().contains(secret.substring(6)));

            assertEquals(200, admin(receiver, "PATCH", "/admin/subscriptions/" + id, "{\"events\":[\"gh:issues.*\"]}")
                    .statusCode());
            post(receiver, "push", PUSH);
            post(receiver, "issues", ISSUE);
            List<TargetServer.Received> afterPatch = awaitDeliveries(target, "/billing", 2);
            assertEquals(List.of("push", "issues.opened"), afterPatch.stream().map(r -> r.header("x-hookline-event-type"))
                    .toList(), "after the patch, the issue and not the push");
            assertEquals("gh", afterPatch.get(1).header("x-hookline-source"));

            // Disabled: nothing new, and what was due is cancelled with a visible status.
            target.script("/billing", 503);
            String failing = post(receiver, "issues", ISSUE);
            Eventually.await("the first attempt to fail", Duration.ofSeconds(10),
                    () -> status(receiver, failing), "retrying"::equals);
            assertEquals(200, admin(receiver, "PATCH", "/admin/subscriptions/" + id, "{\"enabled\":false}").statusCode());
            String whileDisabled = post(receiver, "issues", ISSUE);
            dueNow(failing);
            Map<String, Object> cancelled = Eventually.await("the due delivery to be cancelled", Duration.ofSeconds(10),
                    () -> detail(receiver, failing), d -> "dead".equals(d.get("status")));
            Map<?, ?> delivery = ((List<?>) cancelled.get("deliveries")).stream().map(d -> (Map<?, ?>) d)
                    .filter(d -> "billing".equals(d.get("route"))).findFirst().orElseThrow();
            assertEquals("subscription_cancelled", delivery.get("last_error_class"));
            assertEquals(List.of("audit"), ((List<?>) detail(receiver, whileDisabled).get("deliveries")).stream()
                    .map(d -> ((Map<?, ?>) d).get("route")).toList(), "nothing for a disabled subscription");

            Map<String, Object> log = receiver.json(admin(receiver, "GET", "/admin/subscriptions/" + id + "/deliveries?limit=10",
                    null));
            List<?> deliveries = (List<?>) log.get("deliveries");
            assertEquals(failing, ((Map<?, ?>) deliveries.get(0)).get("event_id"), "newest first");
            assertEquals(2, ((List<?>) ((Map<?, ?>) deliveries.get(0)).get("tries")).size(), "the 503 and the cancellation");
            assertEquals(1, ((List<?>) receiver.json(admin(receiver, "GET", "/admin/subscriptions/" + id
                    + "/deliveries?status=dead", null)).get("deliveries")).size());

            // Enabled again, the cancelled delivery is replayed like any dead one.
            assertEquals(200, admin(receiver, "PATCH", "/admin/subscriptions/" + id, "{\"enabled\":true}").statusCode());
            assertEquals(202, admin(receiver, "POST", "/admin/events/" + failing + "/replay", null).statusCode());
            Eventually.await("the replayed delivery", Duration.ofSeconds(10), () -> status(receiver, failing), "processed"::equals);
            assertTrue(target.received("/billing").stream().anyMatch(r -> failing.equals(r.header("webhook-id"))
                    && r.header("webhook-signature") != null));
            // A subscription is named in a replay like a route.
            long sentToBilling = target.received("/billing").stream().filter(r -> failing.equals(r.header("webhook-id"))).count();
            HttpResponse<String> byName = admin(receiver, "POST", "/admin/events/" + failing + "/replay",
                    "{\"routes\":[\"billing\"]}");
            assertEquals(202, byName.statusCode(), byName.body());
            Eventually.await("the subscription's delivery replayed by name", Duration.ofSeconds(10),
                    () -> target.received("/billing").stream().filter(r -> failing.equals(r.header("webhook-id"))).count(),
                    n -> n == sentToBilling + 1);

            assertEquals(204, admin(receiver, "DELETE", "/admin/subscriptions/" + id, null).statusCode());
            assertEquals(404, admin(receiver, "GET", "/admin/subscriptions/" + id, null).statusCode());
            int before = target.received("/billing").size();
            post(receiver, "issues", ISSUE);
            Thread.sleep(500);
            assertEquals(before, target.received("/billing").size(), "a deleted subscription gets nothing");
        }
        assertSecretNotInClear(dataDir);
    }

    @Test
    void aRotationSignsWithBothSecretsDuringItsGraceAndTheTestCallSaysWhatTheTargetAnswered() throws Exception {
        try (TargetServer target = new TargetServer(); RunningReceiver receiver = RunningReceiver.start(dataDir, config(true))) {
            Map<String, Object> created = create(receiver, "{\"name\":\"ci\",\"url\":\"" + target.url("/ci")
                    + "\",\"events\":[\"*\"]}");
            String id = (String) created.get("id");
            String old = (String) created.get("secret");

            Map<String, Object> rotated = receiver.json(admin(receiver, "POST", "/admin/subscriptions/" + id + "/rotate-secret",
                    null));
            String fresh = (String) rotated.get("secret");
            assertFalse(old.equals(fresh));
            assertTrue(rotated.get("previous_secret_until") != null, rotated.toString());
            post(receiver, "push", PUSH);
            TargetServer.Received signed = awaitDeliveries(target, "/ci", 1).get(0);
            assertEquals(2, signed.header("webhook-signature").split(" ").length, signed.header("webhook-signature"));
            verify(old, signed);
            verify(fresh, signed);

            target.script("/ci", 418);
            Map<String, Object> tested = receiver.json(admin(receiver, "POST", "/admin/subscriptions/" + id + "/test", null));
            assertEquals(false, tested.get("delivered"), "a 418 is no delivery");
            assertEquals(418, ((Number) tested.get("status")).intValue());
            assertEquals("downstream_rejected", tested.get("error_class"));
            TargetServer.Received test = target.received("/ci").get(1);
            assertTrue(new String(test.body(), StandardCharsets.UTF_8).contains("\"type\":\"hookline.test\""));
            verify(fresh, test);
        }
    }

    @Test
    void aSubscriptionFailingForTooLongIsDisabledOnceAndComesBackWhenEnabled() throws Exception {
        try (TargetServer target = new TargetServer(); SentryIngest sentry = new SentryIngest()) {
            Map<String, Object> config = config(true);
            config.put("hookline.subscriptions.disable-after", "1s");
            config.put("hookline.sentry.dsn", sentry.dsn());
            config.put("hookline.sentry.environment", "staging");
            config.put("hookline.routes[1].name", "on-call");
            config.put("hookline.routes[1].match", "hookline:subscription.disabled");
            config.put("hookline.routes[1].handler", "forward");
            config.put("hookline.routes[1].settings.url", target.url("/on-call"));
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                String id = (String) create(receiver, "{\"name\":\"flaky\",\"url\":\"" + target.url("/flaky")
                        + "\",\"events\":[\"gh:push\"]}").get("id");
                target.script("/flaky", 500, 500);
                String first = post(receiver, "push", PUSH);
                Eventually.await("the first failure", Duration.ofSeconds(10), () -> subscription(receiver, id),
                        s -> s.get("failing_since") != null);
                Thread.sleep(1_200);
                String second = post(receiver, "push", PUSH);
                Map<String, Object> disabled = Eventually.await("the subscription disabled", Duration.ofSeconds(10),
                        () -> subscription(receiver, id), s -> Boolean.FALSE.equals(s.get("enabled")));
                assertTrue(String.valueOf(disabled.get("disabled_reason")).startsWith("every delivery has failed since"),
                        disabled.toString());
                List<String> warnings = Eventually.await("one Sentry warning", Duration.ofSeconds(10), sentry::events,
                        events -> !events.isEmpty());
                assertTrue(warnings.get(0).contains("Subscription flaky was disabled"), warnings.get(0));
                TargetServer.Received told = Eventually.await("the subscription.disabled event at /on-call",
                        Duration.ofSeconds(10), () -> target.received("/on-call"), r -> !r.isEmpty()).get(0);
                Map<String, Object> operational = receiver.json(new String(told.body(), StandardCharsets.UTF_8));
                assertEquals("subscription.disabled", operational.get("type"), operational.toString());
                assertEquals("flaky", operational.get("subscription"), operational.toString());
                String metrics = receiver.get("/metrics").body();
                assertTrue(metrics.contains("hookline_subscriptions{state=\"disabled_failing\"} 1.0"),
                        "the alert's gauge counts it: " + metrics);

                assertEquals(200, admin(receiver, "PATCH", "/admin/subscriptions/" + id, "{\"enabled\":true}").statusCode());
                Map<String, Object> back = subscription(receiver, id);
                metrics = receiver.get("/metrics").body();
                assertTrue(metrics.contains("hookline_subscriptions{state=\"disabled_failing\"} 0.0")
                        && metrics.contains("hookline_subscriptions{state=\"enabled\"} 1.0"), "enabled again: " + metrics);
                assertNull(back.get("disabled_reason"));
                assertNull(back.get("failing_since"));
                for (String event : List.of(first, second)) {
                    dueNow(event);
                }
                Eventually.await("both delivered once the target works", Duration.ofSeconds(15),
                        () -> target.received("/flaky").stream().filter(r -> r.header("webhook-id") != null)
                                .map(r -> r.header("webhook-id")).distinct().toList(),
                        ids -> ids.containsAll(List.of(first, second)) && "processed".equals(status(receiver, first))
                                && "processed".equals(status(receiver, second)));
                assertEquals(1, sentry.events().size(), "disabled once, reported once");
                assertEquals(1, target.received("/on-call").size(), "disabled once, one operational event");
            }
        }
    }

    private static Map<String, Object> subscription(RunningReceiver receiver, String id) {
        return receiver.json(admin(receiver, "GET", "/admin/subscriptions/" + id, null));
    }

    // A globally reachable address as an IP literal, so these tests need no DNS: 192.31.196.0/24 is AS112
    // (RFC 7535), which serves DNS only; nothing is delivered to it here.
    @Test
    void badInputIsA400NamingTheFieldAndPrivateTargetsNeedTheFlag() throws Exception {
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config(false))) {
            assertRefused(receiver, "{\"name\":\"a\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"],\"colour\":\"red\"}",
                    "invalid_body", "colour: not a field of a subscription");
            assertInvalid(receiver, "{\"name\":\"a\",\"url\":\"ftp://example.com\",\"events\":[\"*\"]}", "url: an http or https URL");
            assertInvalid(receiver, "{\"name\":\"a\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"gh:\"]}", "events[0]:");
            assertInvalid(receiver, "{\"name\":\"a\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"],"
                    + "\"headers\":{\"Webhook-Signature\":\"x\"}}", "headers.Webhook-Signature: Hookline sets this header itself");
            assertInvalid(receiver, "{\"name\":\"a b\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"]}", "name:");
            assertInvalid(receiver, "{\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"]}", "name is required");
            assertInvalid(receiver, "{\"name\":\"a\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"],"
                    + "\"event_form\":\"full\"}", "event_form: \"notification\" (the event as received, the default) or \"fetched\"");
            assertInvalid(receiver, "{\"name\":\"audit\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"]}",
                    "a route in the configuration is named 'audit'");
            assertEquals(201, admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"dup\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"]}").statusCode());
            assertInvalid(receiver, "{\"name\":\"dup\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"]}",
                    "name: another subscription is named 'dup'");
            assertInvalid(receiver, "{\"name\":\"local\",\"url\":\"http://127.0.0.1:9/in\",\"events\":[\"*\"]}",
                    "resolves to 127.0.0.1, which is not globally reachable (loopback, 127.0.0.0/8, RFC 1122)");
            assertInvalid(receiver, "{\"name\":\"metadata\",\"url\":\"http://169.254.169.254/latest\",\"events\":[\"*\"]}",
                    "link-local");
        }
    }

    @Test
    void withoutTheSecretKeyTheReceiverRunsAndCreatingASubscriptionSaysWhatIsMissing() throws Exception {
        Map<String, Object> config = config(true);
        config.remove("hookline.secret-key");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            assertEquals(200, receiver.post("/hooks/gh", PUSH, GitHubDelivery.of("push", PUSH, RunningReceiver.SECRET).headers())
                    .statusCode());
            HttpResponse<String> refused = admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"a\",\"url\":\"https://192.31.196.10/hooks\",\"events\":[\"*\"]}");
            assertEquals(409, refused.statusCode());
            assertTrue(refused.body().contains("HOOKLINE_SECRET_KEY, which is not set"), refused.body());
        }
    }

    @Test
    void aSubscriptionsDeliveryDueAtARestartIsDeliveredAndARouteTakingItsNameStopsTheStart() throws Exception {
        try (TargetServer target = new TargetServer()) {
            String eventId;
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config(true))) {
                target.script("/ci", 503);
                create(receiver, "{\"name\":\"ci\",\"url\":\"" + target.url("/ci") + "\",\"events\":[\"gh:push\"]}");
                eventId = post(receiver, "push", PUSH);
                Eventually.await("the subscription's delivery to wait for its retry", Duration.ofSeconds(10),
                        () -> String.valueOf(detail(receiver, eventId).get("deliveries")), deliveries -> deliveries.contains("retrying"));
            }
            dueNow(eventId);
            // Claimed in the first round after the start: the subscriptions must be read by then, or it
            // would go dead as a cancelled subscription's.
            try (RunningReceiver restarted = RunningReceiver.start(dataDir, config(true))) {
                Eventually.await("event " + eventId + " to be processed after the restart", Duration.ofSeconds(20),
                        () -> status(restarted, eventId), "processed"::equals);
                assertEquals(2, target.received("/ci").size());
            }
        }

        Map<String, Object> routeNamedCi = config(true);
        routeNamedCi.put("hookline.routes[0].name", "ci");
        RuntimeException refused = assertThrows(RuntimeException.class,
                () -> RunningReceiver.start(dataDir, routeNamedCi).close());
        StringBuilder messages = new StringBuilder();
        for (Throwable cause = refused; cause != null; cause = cause.getCause()) {
            messages.append(cause.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains("hookline.routes[0].name: a subscription is named 'ci'; rename the route"
                + " (or the subscription, through the admin API)"), messages.toString());
    }

    public static Map<String, Object> config(boolean allowPrivate) {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        config.put("hookline.secret-key", SECRET_KEY);
        config.put("hookline.dispatch.poll-interval", "50ms");
        config.put("hookline.subscriptions.allow-private-targets", allowPrivate);
        config.put("hookline.routes[0].name", "audit");
        config.put("hookline.routes[0].handler", "log");
        return config;
    }

    private void dueNow(String eventId) throws Exception {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout = 5000");
            statement.executeUpdate("UPDATE deliveries SET next_attempt_at = 0 WHERE event_id = '" + eventId + "'");
        }
    }

    private static void verify(String secret, TargetServer.Received delivery) throws Exception {
        Map<String, List<String>> headers = new HashMap<>();
        for (String name : List.of("webhook-id", "webhook-timestamp", "webhook-signature")) {
            headers.put(name, List.of(delivery.header(name)));
        }
        new Webhook(secret).verify(new String(delivery.body(), StandardCharsets.UTF_8), headers);
    }

    private static List<TargetServer.Received> awaitDeliveries(TargetServer target, String path, int count) {
        return Eventually.await(count + " deliveries at " + path, Duration.ofSeconds(15), () -> target.received(path),
                received -> received.size() >= count);
    }

    private static String post(RunningReceiver receiver, String event, byte[] body) {
        GitHubDelivery delivery = GitHubDelivery.of(event, body, RunningReceiver.SECRET);
        HttpResponse<String> answer = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
        assertEquals(200, answer.statusCode(), answer.body());
        return (String) receiver.json(answer).get("id");
    }

    private static Map<String, Object> create(RunningReceiver receiver, String body) {
        HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions", body);
        assertEquals(201, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    private static void assertInvalid(RunningReceiver receiver, String body, String words) {
        assertRefused(receiver, body, "invalid_subscription", words);
    }

    private static void assertRefused(RunningReceiver receiver, String body, String code, String words) {
        HttpResponse<String> answer = admin(receiver, "POST", "/admin/subscriptions", body);
        assertEquals(400, answer.statusCode(), answer.body());
        Map<?, ?> error = (Map<?, ?>) receiver.json(answer).get("error");
        assertEquals(code, error.get("code"), error.toString());
        assertTrue(String.valueOf(error.get("detail")).contains(words), error.toString());
    }

    private static Map<String, Object> detail(RunningReceiver receiver, String id) {
        return receiver.json(admin(receiver, "GET", "/admin/events/" + id, null));
    }

    private static String status(RunningReceiver receiver, String id) {
        return (String) detail(receiver, id).get("status");
    }

    static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String body) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + ADMIN));
        if (body != null) {
            headers.put("Content-Type", "application/json");
        }
        return receiver.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** No file of the data directory holds a subscription secret's key material in clear. */
    private static void assertSecretNotInClear(Path dataDir) throws Exception {
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                if (new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1).contains("whsec_")) {
                    found.add(file.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), found);
    }
}
