package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import io.hookline.receiver.sentry.SecretValues;
import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.FakeStripe;
import io.hookline.receiver.testing.LogLines;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.Signers;
import io.hookline.receiver.testing.TargetServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * Stripe thin events end to end, over loopback: the real receiver, a Stripe API stand-in that
 * implements Retrieve an Event v2 ({@link FakeStripe}) and forward targets. A source with
 * {@code fetch-thin-events} acknowledges the notification when it is stored, fetches the full event
 * once when the first route that wants it runs, and keeps it for the other routes and for replays.
 */
class ThinEventFetchTest {

    private static final String TOKEN = "thin-events-admin-token-0123456789ab";
    private static final String FORWARD_SECRET = DispatchTest.FORWARD_SECRET;
    private static final String WRONG_KEY = "sk_test_notTheAccountsKey0123456789";

    @TempDir
    Path dataDir;

    private final LogLines lines = new LogLines();
    private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    private FakeStripe stripe;
    private TargetServer target;
    private RunningReceiver receiver;
    private final Map<String, Object> config = new HashMap<>();

    @BeforeEach
    void start() throws Exception {
        lines.start();
        root.addAppender(lines);
        stripe = new FakeStripe();
        target = new TargetServer();
        config.put("hookline.admin-token", TOKEN);
        config.put("hookline.secret-key", SubscriptionsTest.SECRET_KEY);
        config.put("hookline.subscriptions.allow-private-targets", true);
        config.put("hookline.subscriptions.event-form", "fetched");
        config.put("hookline.dispatch.poll-interval", "50ms");
        config.put("hookline.sources.st.provider", "stripe");
        config.put("hookline.sources.st.secrets", Signers.STRIPE_SECRET);
        config.put("hookline.sources.st.settings.fetch-thin-events", "true");
        config.put("hookline.sources.st.settings.api-key", FakeStripe.KEY);
        config.put("hookline.sources.st.settings.api-url", stripe.apiUrl());
        config.put("hookline.sources.st.settings.merge-snapshot-twins", "true");
        route(config, 0, "full", target.url("/full"));
        config.put("hookline.routes[0].event-form", "fetched");
        route(config, 1, "raw", target.url("/raw"));
        config.put("hookline.sources.refused.provider", "stripe");
        config.put("hookline.sources.refused.secrets", Signers.STRIPE_SECRET);
        config.put("hookline.sources.refused.settings.fetch-thin-events", "true");
        config.put("hookline.sources.refused.settings.api-key", WRONG_KEY);
        config.put("hookline.sources.refused.settings.api-url", stripe.apiUrl());
        route(config, 2, "refused", target.url("/refused"));
        config.put("hookline.routes[2].match", "refused:*");
        config.put("hookline.routes[2].event-form", "fetched");
        receiver = RunningReceiver.start(dataDir, config);
    }

    private static void route(Map<String, Object> config, int index, String name, String url) {
        String key = "hookline.routes[" + index + "].";
        config.put(key + "name", name);
        config.put(key + "match", "st:*customer.created");
        config.put(key + "handler", "forward");
        config.put(key + "settings.url", url);
        config.put(key + "settings.secret", FORWARD_SECRET);
        config.put(key + "retry-delays", List.of("100ms", "100ms", "100ms"));
    }

    @AfterEach
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
        target.close();
        stripe.close();
        root.detachAppender(lines);
    }

    @Test
    void theFullEventIsFetchedOnceAfterTwoFailuresDeliveredByTheRouteThatAsksAndNotFetchedOnReplay() {
        FakeStripe.ThinEvent thin = stripe.addThin("evt_test_thinFetch1", "acct_1Connected", null);
        stripe.failFetches(2);

        HttpResponse<String> answer = post(thin.notification());
        assertEquals(200, answer.statusCode(), "acknowledged when stored, before any fetch: " + answer.body());
        String id = (String) receiver.json(answer).get("id");

        Eventually.await("the full event at the route that asks for it", Duration.ofSeconds(20),
                () -> target.received("/full").size(), n -> n == 1);
        assertArrayEquals(thin.full(), target.received("/full").get(0).body(), "the fetched event, as Stripe answered it");
        Eventually.await("the notification at the route that does not", Duration.ofSeconds(20),
                () -> target.received("/raw").size(), n -> n == 1);
        assertArrayEquals(thin.notification(), target.received("/raw").get(0).body(), "the notification as received");
        assertEquals(List.of("evt_test_thinFetch1 acct_1Connected", "evt_test_thinFetch1 acct_1Connected",
                "evt_test_thinFetch1 acct_1Connected"), stripe.fetches(),
                "two fetches answered 500, then one that worked; all with the notification's context");
        assertEquals(2, receiver.count("SELECT count(*) FROM attempts WHERE event_id = ? AND route = 'full'"
                + " AND error_class = 'downstream_unavailable'", id), "each failed fetch a retried attempt of the route");
        assertEquals(1, receiver.count("SELECT count(*) FROM fetched_events WHERE event_id = ?", id));

        HttpResponse<String> replay = receiver.send("POST", "/admin/events/" + id + "/replay",
                "{\"all\":true}".getBytes(StandardCharsets.UTF_8), admin());
        assertEquals(202, replay.statusCode(), replay.body());
        Eventually.await("the replay at both routes", Duration.ofSeconds(20),
                () -> target.received("/full").size() + target.received("/raw").size(), n -> n == 4);
        assertArrayEquals(thin.full(), target.received("/full").get(1).body());
        assertArrayEquals(thin.notification(), target.received("/raw").get(1).body());
        assertEquals(3, stripe.fetches().size(), "a replay reads the kept event: Stripe is not asked again");

        String detail = receiver.send("GET", "/admin/events/" + id, null, admin()).body();
        assertFalse(detail.contains(FakeStripe.KEY), "the key is not in the admin API's answers");
        assertTrue(lines.all().stream().noneMatch(line -> line.getFormattedMessage().contains(FakeStripe.KEY)),
                "the key is in no log line");
        assertEquals("a target that echoed [Filtered]", receiver.context().getBean(SecretValues.class)
                .filtered("a target that echoed " + FakeStripe.KEY), "and filtered like every secret wherever it shows");
    }

    @Test
    void aSubscriptionGetsTheFullEventTooAndStripeIsAskedOnceForAll() {
        Map<String, Object> billing = subscribe("billing", "/sub", "");
        assertEquals("fetched", billing.get("event_form"), "hookline.subscriptions.event-form: fetched, its default");
        assertEquals("notification", subscribe("ledger", "/ledger", ",\"event_form\":\"notification\"").get("event_form"));
        FakeStripe.ThinEvent thin = stripe.addThin("evt_test_thinForAll", null, null);
        assertEquals(200, post(thin.notification()).statusCode());

        Eventually.await("the event at both subscriptions and both routes", Duration.ofSeconds(20),
                () -> target.received("/sub").size() + target.received("/ledger").size() + target.received("/full").size()
                        + target.received("/raw").size(), n -> n == 4);
        assertArrayEquals(thin.full(), target.received("/sub").get(0).body(), "hookline.subscriptions.event-form: fetched");
        assertArrayEquals(thin.notification(), target.received("/ledger").get(0).body(), "its own event_form first");
        assertArrayEquals(thin.full(), target.received("/full").get(0).body());
        assertArrayEquals(thin.notification(), target.received("/raw").get(0).body());
        assertEquals(List.of("evt_test_thinForAll -"), stripe.fetches(), "once, without Stripe-Context: the key's own account");
    }

    @Test
    void eachSubscriptionGetsTheFormItAsksForAndStripeIsAskedOnce() {
        receiver.close();
        config.remove("hookline.subscriptions.event-form");
        receiver = RunningReceiver.start(dataDir, config);
        Map<String, Object> full = subscribe("full-copy", "/sub-full", ",\"event_form\":\"fetched\"");
        assertEquals("fetched", full.get("event_form"));
        Map<String, Object> plain = subscribe("plain-copy", "/sub-plain", "");
        assertEquals("notification", plain.get("event_form"), "the default without hookline.subscriptions.event-form");
        FakeStripe.ThinEvent thin = stripe.addThin("evt_test_thinPerSubscription", null, null);
        assertEquals(200, post(thin.notification()).statusCode());

        Eventually.await("the event at both subscriptions", Duration.ofSeconds(20),
                () -> target.received("/sub-full").size() + target.received("/sub-plain").size(), n -> n == 2);
        assertArrayEquals(thin.full(), target.received("/sub-full").get(0).body(), "event_form: fetched");
        assertArrayEquals(thin.notification(), target.received("/sub-plain").get(0).body(), "the notification as received");
        Eventually.await("the event at both routes", Duration.ofSeconds(20),
                () -> target.received("/full").size() + target.received("/raw").size(), n -> n == 2);
        assertEquals(List.of("evt_test_thinPerSubscription -"), stripe.fetches(), "once for the subscription and the route");

        HttpResponse<String> changed = receiver.send("PATCH", "/admin/subscriptions/" + plain.get("id"),
                "{\"event_form\":\"fetched\"}".getBytes(StandardCharsets.UTF_8), admin());
        assertEquals(200, changed.statusCode(), changed.body());
        assertEquals("fetched", receiver.json(receiver.send("GET", "/admin/subscriptions/" + plain.get("id"), null, admin()))
                .get("event_form"), "kept");
        HttpResponse<String> refused = receiver.send("PATCH", "/admin/subscriptions/" + plain.get("id"),
                "{\"event_form\":\"FULL\"}".getBytes(StandardCharsets.UTF_8), admin());
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("event_form: "), refused.body());
        FakeStripe.ThinEvent next = stripe.addThin("evt_test_thinAfterPatch", null, null);
        assertEquals(200, post(next.notification()).statusCode());
        Eventually.await("the next event at the changed subscription", Duration.ofSeconds(20),
                () -> target.received("/sub-plain").size(), n -> n == 2);
        assertArrayEquals(next.full(), target.received("/sub-plain").get(1).body(), "the change applies at once");
    }

    @Test
    void whileStripeFailsItsConsumersShareOneFetchPerRoundAndNoTargetBreakerOpens() {
        receiver.close();
        config.put("hookline.dispatch.breaker-failures", 2);
        config.put("hookline.routes[0].retry-delays", List.of("1s", "1s", "1s"));
        receiver = RunningReceiver.start(dataDir, config);
        for (String name : List.of("one", "two", "three")) {
            subscribe(name, "/" + name, ",\"retry_delays\":[\"1s\",\"1s\",\"1s\"]");
        }
        FakeStripe.ThinEvent thin = stripe.addThin("evt_test_thinOutage", null, null);
        stripe.failFetches(1000);
        String id = (String) receiver.json(post(thin.notification())).get("id");

        Eventually.await("every fetching consumer to give up", Duration.ofSeconds(20), () -> receiver.count(
                "SELECT count(*) FROM deliveries WHERE event_id = ? AND route <> 'raw' AND status = 'dead'", id), n -> n == 4);
        assertEquals(16, receiver.count("SELECT count(*) FROM attempts WHERE event_id = ? AND route <> 'raw'"
                + " AND error_class = 'downstream_unavailable' AND message LIKE 'the Stripe fetch of event evt_test_thinOutage"
                + " (GET %): Stripe answered 500'", id), "four attempts of each of the four consumers, each failed by Stripe");
        assertTrue(stripe.fetches().size() <= 6, "one call per round of retries, not one per consumer: " + stripe.fetches());

        List<Map<String, Object>> routes = list(receiver.json(receiver.send("GET", "/admin/routes", null, admin())));
        for (Map<String, Object> route : routes) {
            assertEquals("closed", ((Map<?, ?>) route.get("breaker")).get("state"),
                    "a Stripe outage is not the target's: " + route);
        }
        assertTrue(target.received("/full").isEmpty());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> answer) {
        return (List<Map<String, Object>>) answer.get("routes");
    }

    private Map<String, Object> subscribe(String name, String path, String extra) {
        HttpResponse<String> created = receiver.send("POST", "/admin/subscriptions", ("{\"name\":\"" + name + "\",\"url\":\""
                + target.url(path) + "\",\"events\":[\"st:v1.customer.created\"]" + extra + "}").getBytes(StandardCharsets.UTF_8),
                admin());
        assertEquals(201, created.statusCode(), created.body());
        return receiver.json(created);
    }

    @Test
    void anEventThatIsGoneIsDeadAtOnceWithWhatStripeSaid() {
        FakeStripe.ThinEvent other = stripe.addThin("evt_test_otherAccount", "acct_1Other", null);
        byte[] claimed = new String(other.notification(), StandardCharsets.UTF_8).replace("acct_1Other", "acct_1Wrong")
                .getBytes(StandardCharsets.UTF_8);
        String id = (String) receiver.json(post(claimed)).get("id");
        Eventually.await("the route's delivery to be dead", Duration.ofSeconds(20), () -> receiver.count(
                "SELECT count(*) FROM deliveries WHERE event_id = ? AND route = 'full' AND status = 'dead'", id), n -> n == 1);
        assertEquals(1, receiver.count("SELECT count(*) FROM attempts WHERE event_id = ? AND route = 'full'", id),
                "a 404 is not retried");
        assertEquals(1, receiver.count("SELECT count(*) FROM attempts WHERE event_id = ? AND route = 'full'"
                + " AND error_class = 'downstream_rejected' AND message LIKE 'the Stripe fetch of event"
                + " evt_test_otherAccount (GET http://127.0.0.1:%/v2/core/events/evt_test_otherAccount): Stripe answered 404:"
                + " the event is not there%'", id));
        assertEquals(List.of("evt_test_otherAccount acct_1Wrong"), stripe.fetches());
    }

    @Test
    void aKeyStripeRefusesIsPermissionDeniedAtOnceAndNeverShown() {
        FakeStripe.ThinEvent thin = stripe.addThin("evt_test_refusedKey", null, null);
        HttpResponse<String> answer = receiver.post("/hooks/refused", thin.notification(),
                Signers.stripe(thin.notification(), System.currentTimeMillis() / 1000));
        assertEquals(200, answer.statusCode(), "acknowledged whatever the key: " + answer.body());
        String id = (String) receiver.json(answer).get("id");
        Eventually.await("the route's delivery to be dead", Duration.ofSeconds(20), () -> receiver.count(
                "SELECT count(*) FROM deliveries WHERE event_id = ? AND status = 'dead'", id), n -> n == 1);
        assertEquals(1, receiver.count("SELECT count(*) FROM attempts WHERE event_id = ? AND error_class = 'permission_denied'"
                + " AND message LIKE 'the Stripe fetch of event %: Stripe answered 401: the API key (settings.api-key) is not valid'", id),
                "one attempt: a refused key is not retried");
        assertTrue(target.received("/refused").isEmpty());
        String detail = receiver.send("GET", "/admin/events/" + id, null, admin()).body();
        assertTrue(detail.contains("permission_denied"), detail);
        assertFalse(detail.contains(WRONG_KEY), detail);
        assertTrue(lines.all().stream().noneMatch(line -> line.getFormattedMessage().contains(WRONG_KEY)));
    }

    @Test
    void aThinEventAndItsSnapshotTwinAreOneEvent() {
        String snapshot = "{\"id\":\"evt_1SnapshotTwin\",\"object\":\"event\",\"type\":\"customer.created\","
                + "\"created\":1765101600,\"livemode\":false,\"data\":{\"object\":{\"id\":\"cus_thin1\"}}}";
        String first = (String) receiver.json(post(snapshot.getBytes(StandardCharsets.UTF_8))).get("id");
        FakeStripe.ThinEvent thin = stripe.addThin("evt_test_thinTwin", null, "evt_1SnapshotTwin");
        HttpResponse<String> twin = post(thin.notification());
        assertEquals(200, twin.statusCode(), twin.body());
        assertEquals(first, receiver.json(twin).get("id"), "the thin twin is the snapshot event's duplicate");
        assertEquals(1, receiver.count("SELECT count(*) FROM events WHERE source = 'st'"), "stored once");
    }

    private HttpResponse<String> post(byte[] body) {
        return receiver.post("/hooks/st", body, Signers.stripe(body, System.currentTimeMillis() / 1000));
    }

    private static Map<String, String> admin() {
        return Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json");
    }
}
