package io.hookline.receiver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.standardwebhooks.Webhook;
import io.hookline.postgres.TestPostgres;
import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.SentryIngest;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The receiver on PostgreSQL, as a user switches it there: through Micronaut's datasource keys. */
class PostgresReceiverTest {

    private static final String TOKEN = "postgres-admin-token-0123456789abcde";

    @TempDir
    Path dataDir;

    @Test
    void webhooksAreStoredDispatchedListedAndReplayedOnPostgres() throws Exception {
        String database = TestPostgres.server().newDatabase();
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, config(database, target))) {
            GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            Map<String, Object> first = receiver.json(receiver.post("/hooks/gh", push.body(), push.headers()));
            assertEquals("accepted", first.get("status"));
            Map<String, Object> again = receiver.json(receiver.post("/hooks/gh", push.body(), push.headers()));
            assertEquals(Map.of("status", "duplicate", "id", first.get("id")), again);

            String id = (String) first.get("id");
            Eventually.await("the event at the downstream", Duration.ofSeconds(10),
                    () -> target.received("/ci").size(), n -> n == 1);
            Eventually.await("the event processed", Duration.ofSeconds(10),
                    () -> receiver.json(admin(receiver, "/admin/events/" + id)).get("status"), "processed"::equals);
            String detail = admin(receiver, "/admin/events/" + id).body();
            assertTrue(detail.contains("\"instance\":\"pg-test\""), detail);
            assertTrue(admin(receiver, "/admin/events?source=gh&type=pu*").body().contains(id));
            assertTrue(admin(receiver, "/admin/stats").body().contains("\"processed\":1"),
                    admin(receiver, "/admin/stats").body());

            HttpResponse<String> nothing = receiver.send("POST", "/admin/events/" + id + "/replay", null,
                    Map.of("Authorization", "Bearer " + TOKEN));
            assertEquals(200, nothing.statusCode(), "nothing failed, so by default nothing is replayed: " + nothing.body());
            HttpResponse<String> replay = receiver.send("POST", "/admin/events/" + id + "/replay", "{\"all\":true}".getBytes(),
                    Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"));
            assertEquals(202, replay.statusCode(), replay.body());
            Eventually.await("the replay at the downstream", Duration.ofSeconds(10),
                    () -> target.received("/ci").size(), n -> n == 2);
            String replayed = Eventually.await("the replay's attempt", Duration.ofSeconds(10),
                    () -> admin(receiver, "/admin/events/" + id).body(), body -> body.contains("\"number\":2"));
            assertTrue(replayed.contains("\"selection\":\"all\""), "the replay is in the event's history: " + replayed);
            assertTrue(receiver.get("/metrics").body().contains("hookline"));
            HttpResponse<String> ready = receiver.send("GET", "/health/readiness", null,
                    Map.of("Authorization", "Bearer " + TOKEN));
            assertEquals(200, ready.statusCode(), ready.body());
            assertTrue(ready.body().contains("UP: the store is on a database server (PostgreSQL jdbc:postgresql:"),
                    "no local data directory to watch: " + ready.body());
        }
    }

    @Test
    void whileTheDatabaseIsDownWebhooksGet503AndOneReportAndAllResumesWhenItIsBack() throws Exception {
        TestPostgres server = TestPostgres.dedicated();
        String database = server.newDatabase();
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer()) {
            Map<String, Object> config = config(database, target);
            config.put("hookline.sentry.dsn", sentry.dsn());
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                // The first event's attempt is still at the downstream when the database goes away.
                target.script("/ci", -300);
                GitHubDelivery before = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
                String beforeId = (String) receiver.json(receiver.post("/hooks/gh", before.body(), before.headers())).get("id");
                Eventually.await("the attempt under way", Duration.ofSeconds(10), () -> target.received("/ci").size(),
                        n -> n == 1);

                server.stop();
                List<GitHubDelivery> during = List.of(
                        GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET),
                        GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET),
                        GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET));
                for (GitHubDelivery delivery : during) {
                    HttpResponse<String> refused = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
                    WebhookReceiveTestSupport.error(receiver, refused, 503, "storage_unavailable");
                }
                assertEquals(503, receiver.get("/health/readiness").statusCode(), "readiness goes DOWN");
                Eventually.await("the storage report", Duration.ofSeconds(10),
                        () -> storageReports(sentry), n -> n >= 1);
                Thread.sleep(500);
                assertEquals(1, storageReports(sentry), "one report for the outage, not one per webhook");
                assertFalse(String.join("\n", sentry.envelopes()).contains(RunningReceiver.SECRET));

                server.start();
                for (GitHubDelivery delivery : during) {
                    Map<String, Object> retried = Eventually.await("the sender's retry accepted", Duration.ofSeconds(30),
                            () -> receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers())),
                            answer -> "accepted".equals(answer.get("status")));
                    assertTrue(((String) retried.get("id")).startsWith("evt_"));
                }
                assertEquals(200, receiver.get("/health/readiness").statusCode(), "ready again");
                assertEquals("duplicate", receiver.json(receiver.post("/hooks/gh", before.body(), before.headers()))
                        .get("status"), "what was stored before the outage is still there");
                Eventually.await("every stored event at the downstream", Duration.ofSeconds(20),
                        () -> target.received("/ci").stream().map(r -> r.header("webhook-id")).distinct().count(),
                        n -> n == 4);
                Map<String, Object> first = Eventually.await("the attempt made during the outage recorded",
                        Duration.ofSeconds(10), () -> receiver.json(admin(receiver, "/admin/events/" + beforeId)),
                        detail -> "processed".equals(detail.get("status")));
                assertEquals(1, ((List<?>) first.get("attempts")).size(), "recorded once the database was back: " + first);
                assertEquals(4, target.received("/ci").size(), "and not sent again after its lease");
            }
        }
    }

    private static long storageReports(SentryIngest sentry) {
        return sentry.envelopes().stream().filter(envelope -> envelope.contains("storage_unavailable")).count();
    }

    @Test
    void aSubscriptionMadeOnOneInstanceIsDeliveredByAnotherOnTheSameDatabase() throws Exception {
        String database = TestPostgres.server().newDatabase();
        try (TargetServer target = new TargetServer()) {
            Map<String, Object> first = config(database, target);
            first.put("hookline.secret-key", SubscriptionsTest.SECRET_KEY);
            first.put("hookline.subscriptions.allow-private-targets", true);
            Map<String, Object> second = new HashMap<>(first);
            second.put("hookline.instance-id", "pg-test-2");
            second.put("hookline.data-dir", dataDir.resolve("second-never-created").toString());
            try (RunningReceiver a = RunningReceiver.start(dataDir.resolve("a"), first);
                    RunningReceiver b = RunningReceiver.start(dataDir.resolve("b"), second)) {
                HttpResponse<String> created = a.send("POST", "/admin/subscriptions", ("{\"name\":\"billing\",\"url\":\""
                        + target.url("/billing") + "\",\"events\":[\"gh:push\"]}").getBytes(),
                        Map.of("Authorization", "Bearer " + TOKEN, "Content-Type", "application/json"));
                assertEquals(201, created.statusCode(), created.body());
                String secret = (String) a.json(created).get("secret");

                // The other instance reads the subscriptions again within five seconds.
                Eventually.await("the subscription known to the other instance", Duration.ofSeconds(10), () -> {
                    GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
                    b.post("/hooks/gh", push.body(), push.headers());
                    return target.received("/billing").size();
                }, delivered -> delivered > 0);
                TargetServer.Received delivery = target.received("/billing").get(0);
                new Webhook(secret).verify(new String(delivery.body(), StandardCharsets.UTF_8), Map.of(
                        "webhook-id", List.of(delivery.header("webhook-id")),
                        "webhook-timestamp", List.of(delivery.header("webhook-timestamp")),
                        "webhook-signature", List.of(delivery.header("webhook-signature"))));
            }
        }
    }

    private Map<String, Object> config(String database, TargetServer target) {
        Map<String, Object> config = new HashMap<>();
        // Nothing is written there on PostgreSQL, and readiness does not need it to exist.
        config.put("hookline.data-dir", dataDir.resolve("never-created").toString());
        config.put("datasources.default.url", database);
        config.put("datasources.default.username", "postgres");
        config.put("hookline.instance-id", "pg-test");
        config.put("hookline.admin-token", TOKEN);
        config.put("hookline.dispatch.poll-interval", "50ms");
        config.put("hookline.routes[0].name", "ci");
        config.put("hookline.routes[0].match", "gh:*");
        config.put("hookline.routes[0].handler", "forward");
        config.put("hookline.routes[0].settings.url", target.url("/ci"));
        return config;
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String path) {
        return receiver.send("GET", path, null, Map.of("Authorization", "Bearer " + TOKEN));
    }
}
