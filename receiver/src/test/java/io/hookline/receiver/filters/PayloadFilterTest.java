package io.hookline.receiver.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.Payloads;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import io.hookline.receiver.testing.TargetServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes and subscriptions with {@code where:} take only the events whose payload says so, over
 * real HTTP with the providers' real payloads: GitHub pushes to main, Stripe invoices above an
 * amount, Zoom recordings longer than a minute. An expression that fails on an event takes it not,
 * is counted and is shown with the event; one that cannot compile stops the start or is answered 400.
 */
class PayloadFilterTest {

    private static final String ADMIN = RunningReceiver.ADMIN_TOKEN;
    private static final byte[] PUSH_TO_MASTER = GitHubDelivery.payload("push.with-new-branch.json");
    private static final byte[] PUSH_OF_A_TAG = GitHubDelivery.payload("push.json");
    /** The same real push, to main: GitHub's sample pushes to master. */
    private static final byte[] PUSH_TO_MAIN = new String(PUSH_TO_MASTER, StandardCharsets.UTF_8)
            .replace("\"refs/heads/master\"", "\"refs/heads/main\"").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dataDir;

    @Test
    void routesTakeOnlyTheEventsTheirWhereHoldsForOnRealPayloads() throws Exception {
        Map<String, Object> config = new HashMap<>(Signers.sources());
        config.put("hookline.admin-token", ADMIN);
        route(config, 0, "every-push", "gh:push", null);
        route(config, 1, "main-only", "gh:push", "body.ref == 'refs/heads/main'");
        route(config, 2, "big-invoices", "st:invoice.*", "body.data.object.amount_due > 500");
        route(config, 3, "huge-invoices", "st:invoice.*", "body.data.object.amount_due > 100000");
        route(config, 4, "long-recordings", "zm:recording.completed", "body.payload.object.duration > 1");
        route(config, 5, "day-long-recordings", "zm:recording.completed", "body.payload.object.duration > 24 * 60");
        route(config, 6, "from-github", "*", "headers['user-agent'].startsWith('GitHub-Hookshot/') && source == 'gh'"
                + " && key != '' && received_at > timestamp('2020-01-01T00:00:00Z')");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            assertEquals(List.of("every-push", "from-github", "main-only"), routes(receiver, push(receiver, PUSH_TO_MAIN)));
            assertEquals(List.of("every-push", "from-github"), routes(receiver, push(receiver, PUSH_TO_MASTER)));
            assertEquals(List.of("every-push", "from-github"), routes(receiver, push(receiver, PUSH_OF_A_TAG)));

            byte[] invoice = invoiceEvent();
            String paid = stored(receiver, receiver.post("/hooks/st", invoice, Signers.stripe(invoice, seconds())));
            assertEquals(List.of("big-invoices"), routes(receiver, paid), "amount_due 1000 is above 500, not above 100000");

            byte[] recording = Payloads.bytes("zoom/recording.completed.zoom-docs-2021-quoted.json");
            String completed = stored(receiver, receiver.post("/hooks/zm", recording, Signers.zoom(recording, seconds())));
            assertEquals(List.of("long-recordings"), routes(receiver, completed), "a 60-minute recording");

            for (String id : List.of(paid, completed)) {
                assertEquals(List.of(), event(receiver, id).get("notes"), "no where failed on " + id);
            }
            List<?> panel = (List<?>) receiver.json(admin(receiver, "GET", "/admin/routes", null)).get("routes");
            assertTrue(panel.stream().map(r -> (Map<?, ?>) r).anyMatch(r -> "main-only".equals(r.get("name"))
                    && "body.ref == 'refs/heads/main'".equals(r.get("where"))), "the routes panel shows the where: " + panel);
        }
    }

    @Test
    void aWhereThatFailsOnAnEventIsNoMatchCountedAndShownWithTheEvent() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        route(config, 0, "every-push", "gh:push", null);
        route(config, 1, "invoice-shaped", "gh:*", "body.data.object.amount_due > 0");
        route(config, 2, "wrong-type", "gh:*", "body.ref > 3");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            HttpResponse<String> answer = post(receiver, PUSH_TO_MAIN);
            assertEquals(200, answer.statusCode(), "the sender never sees a where fail: " + answer.body());
            String id = (String) receiver.json(answer).get("id");
            Map<String, Object> event = event(receiver, id);
            assertEquals(List.of("every-push"), routes(event));
            List<?> notes = (List<?>) event.get("notes");
            assertEquals(2, notes.size(), "one note per route whose where failed: " + notes);
            assertTrue(notes.get(0).toString().startsWith("route invoice-shaped: where failed: ")
                    && notes.get(0).toString().contains("data"), notes.get(0).toString());
            assertTrue(notes.get(1).toString().startsWith("route wrong-type: where failed: "), notes.get(1).toString());
            String metrics = receiver.get("/metrics").body();
            assertTrue(metrics.contains("hookline_route_filter_errors_total{route=\"invoice-shaped\"} 1.0"), metrics);
            assertTrue(metrics.contains("hookline_route_filter_errors_total{route=\"wrong-type\"} 1.0"), metrics);
        }
    }

    @Test
    void formEncodedAndCompressedDeliveriesAreFilteredOnTheJsonTheyCarry() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        route(config, 0, "every-push", "gh:push", null);
        route(config, 1, "main-only", "gh:push", "body.ref == 'refs/heads/main'");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            for (byte[] push : List.of(PUSH_TO_MAIN, PUSH_TO_MASTER)) {
                GitHubDelivery form = GitHubDelivery.form("push", push, RunningReceiver.SECRET);
                String id = stored(receiver, receiver.post("/hooks/gh", form.body(), form.headers()));
                Map<String, Object> event = event(receiver, id);
                assertEquals(push == PUSH_TO_MAIN ? List.of("every-push", "main-only") : List.of("every-push"),
                        routes(event), "the form's payload field is the body where: reads");
                assertEquals(List.of(), event.get("notes"));
                assertEquals("application/x-www-form-urlencoded", ((Map<?, ?>) event.get("headers")).get("content-type"));
            }
            byte[] gzipped = gzip(PUSH_TO_MAIN);
            GitHubDelivery compressed = GitHubDelivery.of("push", gzipped, RunningReceiver.SECRET)
                    .withHeader("Content-Encoding", "gzip");
            String id = stored(receiver, receiver.post("/hooks/gh", gzipped, compressed.headers()));
            assertEquals(List.of("every-push", "main-only"), routes(receiver, id), "a gzip body is read inflated");
        }
    }

    @Test
    void aJsonBodySentWithAFormsTypeIsReadAsTheSourceReadItByWhereAndOrderBy() throws Exception {
        Map<String, Object> config = new HashMap<>(Signers.sources());
        config.put("hookline.admin-token", ADMIN);
        config.put("hookline.sources.ac.settings.type-field", "type");
        route(config, 0, "big", "ac:*", "body.amount > 100");
        route(config, 1, "ordered", "ac:*", null);
        config.put("hookline.routes[1].order-by", "/customer");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            // What curl -d sends: JSON, labelled a form.
            byte[] json = "{\"type\":\"invoice.paid\",\"customer\":\"cus_1\",\"amount\":500}"
                    .getBytes(StandardCharsets.UTF_8);
            Map<String, Object> event = event(receiver, stored(receiver, postAsForm(receiver, json)));
            assertEquals("invoice.paid", event.get("type"));
            assertEquals(List.of("big", "ordered"), routes(event), "where: reads the JSON the source read");
            assertEquals(List.of(), event.get("notes"));
            assertEquals("cus_1", delivery(event, "ordered").get("order_key"));

            // A form whose payload field has a bad %-escape has no body, as before.
            byte[] badField = "{\"type\":\"invoice.paid\",\"customer\":\"x&payload=%zz\",\"amount\":500}"
                    .getBytes(StandardCharsets.UTF_8);
            Map<String, Object> broken = event(receiver, stored(receiver, postAsForm(receiver, badField)));
            assertEquals(List.of("ordered"), routes(broken));
            assertTrue(broken.get("notes").toString().contains("route big: where failed: "), broken.get("notes").toString());
            assertEquals(null, delivery(broken, "ordered").get("order_key"));
        }
    }

    private static HttpResponse<String> postAsForm(RunningReceiver receiver, byte[] body) {
        Map<String, String> headers = new HashMap<>(Signers.acme(body, UUID.randomUUID().toString()));
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        return receiver.post("/hooks/ac", body, headers);
    }

    private static Map<?, ?> delivery(Map<String, Object> event, String route) {
        return ((List<?>) event.get("deliveries")).stream().map(d -> (Map<?, ?>) d)
                .filter(d -> route.equals(d.get("route"))).findFirst().orElseThrow();
    }

    @Test
    void aReplayChoosesRoutesByTheirWhereOnTheStoredEvent() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        route(config, 0, "every-push", "gh:push", null);
        route(config, 1, "main-only", "gh:push", "body.ref == 'refs/heads/main'");
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            String toMaster = push(receiver, PUSH_TO_MASTER);
            String toMain = push(receiver, PUSH_TO_MAIN);
            for (String id : List.of(toMaster, toMain)) {
                Eventually.await("the push to be processed", java.time.Duration.ofSeconds(30), () -> event(receiver, id),
                        event -> "processed".equals(event.get("status")));
            }
            HttpResponse<String> all = admin(receiver, "POST", "/admin/events/" + toMaster + "/replay", "{\"all\":true}");
            assertEquals(202, all.statusCode(), all.body());
            assertEquals(List.of("every-push"), receiver.json(all).get("routes"), "main-only takes no push to master");
            HttpResponse<String> named = admin(receiver, "POST", "/admin/events/" + toMaster + "/replay",
                    "{\"routes\":[\"main-only\"]}");
            assertEquals(400, named.statusCode(), named.body());
            HttpResponse<String> onMain = admin(receiver, "POST", "/admin/events/" + toMain + "/replay", "{\"all\":true}");
            assertEquals(202, onMain.statusCode(), onMain.body());
            assertEquals(List.of("every-push", "main-only"), receiver.json(onMain).get("routes"));
        }
    }

    @Test
    void anExpressionThatDoesNotCompileStopsTheStartNamingTheRouteByKeyAndNameAndWhere() {
        Map<String, Object> config = new HashMap<>();
        route(config, 0, "fine", "gh:push", "body.ref == 'refs/heads/main'");
        route(config, 1, "typo", "gh:push", "body.ref = 'refs/heads/main'");
        route(config, 2, "not-a-bool", "gh:push", "type");
        route(config, 3, "unknown-name", "gh:push", "payload.ref == 'x'");
        route(config, 4, "a-field", "gh:pull_request.*", "body.pull_request.draft");
        RuntimeException failure = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> RunningReceiver.start(dataDir, config).close());
        String messages = messages(failure);
        assertTrue(messages.contains("hookline.routes[1].where (route 'typo'): line 1, column 10: "), messages);
        assertTrue(messages.contains("hookline.routes[2].where (route 'not-a-bool'): line 1, column 1: expected type 'bool' but found 'string'"),
                messages);
        assertTrue(messages.contains("hookline.routes[3].where (route 'unknown-name'): line 1, column 1: undeclared reference to 'payload'\n"),
                messages);
        assertTrue(messages.contains("hookline.routes[4].where (route 'a-field'): line 1, column 18: expected type 'bool' but found 'dyn'"
                + " (a field of body may hold any JSON value); "
                + "compare it with a value of the type it holds, "
                + "such as body.pull_request.draft == true or body.pull_request.draft == 'main'"), messages);
        assertTrue(!messages.contains("hookline.routes[0]"), "the route that compiles is not named: " + messages);
    }

    @Test
    void aSubscriptionsWhereIsCheckedWhenItIsMadeOrChangedAndFiltersItsDeliveries() throws Exception {
        Map<String, Object> config = SubscriptionsTest.config(true);
        config.put("hookline.admin-token", ADMIN);
        try (TargetServer target = new TargetServer(); RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            HttpResponse<String> refused = admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"main\",\"url\":\"" + target.url("/main") + "\",\"events\":[\"gh:push\"],"
                            + "\"where\":\"body.ref = 'refs/heads/main'\"}");
            assertEquals(400, refused.statusCode(), refused.body());
            String detail = detail(receiver, refused);
            assertTrue(detail.startsWith("where: line 1, column 10: "), detail);
            HttpResponse<String> aField = admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"ready\",\"url\":\"" + target.url("/ready") + "\",\"events\":[\"gh:pull_request.*\"],"
                            + "\"where\":\"body.pull_request.draft\"}");
            assertEquals(400, aField.statusCode(), aField.body());
            assertEquals("where: line 1, column 18: expected type 'bool' but found 'dyn' (a field of body may hold any"
                    + " JSON value); "
                    + "compare it with a value of the type it holds, "
                    + "such as body.pull_request.draft == true or body.pull_request.draft == 'main'", detail(receiver, aField));

            HttpResponse<String> created = admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"main\",\"url\":\"" + target.url("/main") + "\",\"events\":[\"gh:push\"],"
                            + "\"where\":\"body.ref == 'refs/heads/main'\"}");
            assertEquals(201, created.statusCode(), created.body());
            Map<String, Object> subscription = receiver.json(created);
            assertEquals("body.ref == 'refs/heads/main'", subscription.get("where"));
            String id = (String) subscription.get("id");

            HttpResponse<String> badChange = admin(receiver, "PATCH", "/admin/subscriptions/" + id,
                    "{\"where\":\"size(body.commits) >\"}");
            assertEquals(400, badChange.statusCode(), badChange.body());
            assertTrue(detail(receiver, badChange).startsWith("where: line 1, column "), badChange.body());
            assertEquals("body.ref == 'refs/heads/main'", receiver.json(admin(receiver, "GET",
                    "/admin/subscriptions/" + id, null)).get("where"), "a refused change changes nothing");

            HttpResponse<String> failing = admin(receiver, "POST", "/admin/subscriptions",
                    "{\"name\":\"by-label\",\"url\":\"" + target.url("/label") + "\",\"events\":[\"gh:push\"],"
                            + "\"where\":\"body.label == 'x'\"}");
            assertEquals(201, failing.statusCode(), failing.body());

            String toMain = stored(receiver, post(receiver, PUSH_TO_MAIN));
            String toMaster = stored(receiver, post(receiver, PUSH_TO_MASTER));
            assertEquals(List.of("audit", "main"), routes(receiver, toMain));
            assertEquals(List.of("audit"), routes(receiver, toMaster));
            List<?> notes = (List<?>) event(receiver, toMain).get("notes");
            assertEquals(1, notes.size(), notes.toString());
            assertTrue(notes.get(0).toString().startsWith("subscription by-label: where failed: "), notes.toString());
            Eventually.await("the push to main to reach the subscription", java.time.Duration.ofSeconds(30),
                    () -> target.received("/main").size(), count -> count == 1);
            assertEquals(toMain, target.received("/main").get(0).header("webhook-id"));

            HttpResponse<String> cleared = admin(receiver, "PATCH", "/admin/subscriptions/" + id,
                    "{\"where\":null}");
            assertEquals(200, cleared.statusCode(), cleared.body());
            assertEquals(null, receiver.json(cleared).get("where"));
            assertEquals(List.of("audit", "main"), routes(receiver, stored(receiver,
                    post(receiver, PUSH_OF_A_TAG))), "without where, every push");
        }
    }

    static void route(Map<String, Object> config, int index, String name, String match, String where) {
        String key = "hookline.routes[" + index + "].";
        config.put(key + "name", name);
        config.put(key + "match", match);
        config.put(key + "handler", "log");
        if (where != null) {
            config.put(key + "where", where);
        }
    }

    private static String push(RunningReceiver receiver, byte[] body) {
        return stored(receiver, post(receiver, body));
    }

    static HttpResponse<String> post(RunningReceiver receiver, byte[] body) {
        GitHubDelivery delivery = GitHubDelivery.of("push", UUID.randomUUID().toString(), body, RunningReceiver.SECRET);
        return receiver.post("/hooks/gh", delivery.body(), delivery.headers());
    }

    static String stored(RunningReceiver receiver, HttpResponse<String> answer) {
        assertEquals(200, answer.statusCode(), answer.body());
        return (String) receiver.json(answer).get("id");
    }

    /** A real Stripe invoice (the API's own fixture) as the data of an {@code invoice.paid} event. */
    private static byte[] invoiceEvent() {
        String invoice = new String(Payloads.bytes("stripe/object.invoice.openapi-fixtures3.json"), StandardCharsets.UTF_8);
        return ("{\"id\":\"evt_filter_" + UUID.randomUUID().toString().replace("-", "") + "\",\"object\":\"event\","
                + "\"type\":\"invoice.paid\",\"created\":" + seconds() + ",\"data\":{\"object\":" + invoice + "}}")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static long seconds() {
        return Instant.now().getEpochSecond();
    }

    static List<String> routes(RunningReceiver receiver, String id) {
        return routes(event(receiver, id));
    }

    static List<String> routes(Map<String, Object> event) {
        return ((List<?>) event.get("deliveries")).stream().map(d -> (String) ((Map<?, ?>) d).get("route")).sorted()
                .toList();
    }

    static Map<String, Object> event(RunningReceiver receiver, String id) {
        HttpResponse<String> answer = admin(receiver, "GET", "/admin/events/" + id, null);
        assertEquals(200, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String body) {
        return receiver.send(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8),
                body == null ? Map.of("Authorization", "Bearer " + ADMIN)
                        : Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json"));
    }

    private static String detail(RunningReceiver receiver, HttpResponse<String> answer) {
        return (String) ((Map<?, ?>) receiver.json(answer).get("error")).get("detail");
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static String messages(Throwable failure) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        return messages.toString();
    }
}
