package io.hookline.receiver.sentry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.SentryIngest;
import io.hookline.receiver.testing.Signers;
import io.hookline.receiver.testing.TargetServer;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
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
 * The real Sentry SDK posting real envelopes to a local ingest on 127.0.0.1: what is reported,
 * with which tags, level and fingerprint, and what never leaves the process.
 */
class SentryReportingTest {

    private static final String TOKEN = "sentry-admin-token-secret-0123456789";
    private static final String FORWARD_SECRET = "whsec_c2VudHJ5LWZvcndhcmQtc2VjcmV0LXNlbnRyeS0=";

    @TempDir
    Path dataDir;

    @Test
    void storageThatFailsOnAndOffIsOneReportAMinuteWithTheCountRefused() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer()) {
            Map<String, Object> config = config(sentry, target, "staging");
            config.put("hookline.storage.busy-timeout", "100ms");
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config);
                    Connection otherProcess = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                    Statement lock = otherProcess.createStatement()) {
                for (int flip = 0; flip < 3; flip++) {
                    lock.execute("BEGIN IMMEDIATE");
                    for (int i = 0; i < 2; i++) {
                        GitHubDelivery refused = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"),
                                RunningReceiver.SECRET);
                        assertEquals(503, receiver.post("/hooks/gh", refused.body(), refused.headers()).statusCode());
                    }
                    lock.execute("ROLLBACK");
                    send(receiver, "push", "push.json");
                }
                List<String> reports = Eventually.await("the storage report", Duration.ofSeconds(10),
                        () -> storageReports(sentry), found -> !found.isEmpty());
                Thread.sleep(500);
                assertEquals(1, storageReports(sentry).size(), "six refusals in three spells within a minute: one report");
                assertTrue(reports.get(0).contains("(1 webhook refused since the last report)"), reports.get(0));
            }
        }
    }

    private static List<String> storageReports(SentryIngest sentry) {
        return sentry.events().stream().filter(event -> event.contains("storage_unavailable")).toList();
    }

    @Test
    void deadDeliveriesFailingTheSameWayShareOneFingerprintWithTheTagsOnCallNeeds() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, config(sentry, target, "staging"))) {
            target.script("/ci", 400, 400);
            send(receiver, "pull_request", "pull_request.opened.json");
            send(receiver, "pull_request", "pull_request.closed.json");

            List<String> events = Eventually.await("two dead-letter reports", Duration.ofSeconds(20), sentry::events,
                    found -> found.size() >= 2);
            for (String event : events) {
                Map<String, Object> json = receiver.json(event);
                assertEquals("error", json.get("level"));
                assertEquals(List.of("downstream_rejected", "ci", "io.hookline.spi.DownstreamStatusException"),
                        json.get("fingerprint"));
                Map<?, ?> tags = (Map<?, ?>) json.get("tags");
                assertEquals("hookline", tags.get("service"));
                assertEquals("dispatcher", tags.get("component"));
                assertEquals("gh", tags.get("source"));
                assertEquals("github", tags.get("provider"));
                assertEquals("forward", tags.get("handler"));
                assertEquals("built-in", tags.get("plugin"));
                assertEquals("downstream_rejected", tags.get("error_class"));
                assertTrue(((String) tags.get("event_type")).startsWith("pull_request."), tags.toString());
                Map<?, ?> context = (Map<?, ?>) ((Map<?, ?>) json.get("contexts")).get("hookline");
                assertTrue(((String) context.get("event_id")).startsWith("evt_"), context.toString());
                assertTrue(((String) context.get("request_id")).startsWith("req_"), "the request to find in the logs: "
                        + context);
                assertEquals(1, ((Number) context.get("attempt")).intValue());
                assertEquals("staging", json.get("environment"));
            }
            assertEquals(events.get(0).contains("fingerprint"), events.get(1).contains("fingerprint"));
            assertNoSecretIn(sentry);
        }
    }

    @Test
    void aSingleBadSignatureSendsNothingButABurstSendsOneWarning() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer()) {
            Map<String, Object> config = config(sentry, target, "staging");
            config.put("hookline.sentry.signature-burst-threshold", 5);
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "guessed-secret");
                assertEquals(401, receiver.post("/hooks/gh", forged.body(), forged.headers()).statusCode());
                Thread.sleep(1500);
                assertEquals(List.of(), sentry.events(), "one bad signature is counted, not reported");

                for (int i = 0; i < 9; i++) {
                    receiver.post("/hooks/gh", forged.body(), forged.headers());
                }
                List<String> events = Eventually.await("one burst warning", Duration.ofSeconds(10), sentry::events,
                        found -> !found.isEmpty());
                Thread.sleep(1000);
                assertEquals(1, sentry.events().size(), "ten failures in one window are one warning");
                Map<String, Object> json = receiver.json(events.get(0));
                assertEquals("warning", json.get("level"));
                assertEquals(List.of("signature_burst", "gh"), json.get("fingerprint"));
                assertNoSecretIn(sentry);
            }
        }
    }

    @Test
    void invalidPayloadIsAWarningGroupedPerProvider() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, config(sentry, target, "staging"))) {
            GitHubDelivery broken = GitHubDelivery.of("push", "{\"ref\":".getBytes(StandardCharsets.UTF_8),
                    RunningReceiver.SECRET);
            assertEquals(400, receiver.post("/hooks/gh", broken.body(), broken.headers()).statusCode());
            String event = Eventually.await("a payload warning", Duration.ofSeconds(10), sentry::events,
                    found -> !found.isEmpty()).get(0);
            Map<String, Object> json = receiver.json(event);
            assertEquals("warning", json.get("level"));
            assertEquals(List.of("payload_invalid", "github"), json.get("fingerprint"));
            assertEquals("receiver", ((Map<?, ?>) json.get("tags")).get("component"));
        }
    }

    @Test
    void wiringCheckAnswersTheIdOfTheEventItSent() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, config(sentry, target, "production"))) {
            HttpResponse<String> answer = receiver.send("POST", "/admin/sentry-test", null,
                    Map.of("Authorization", "Bearer " + TOKEN));
            assertEquals(200, answer.statusCode(), answer.body());
            String id = (String) receiver.json(answer).get("id");
            assertEquals(32, id.length(), id);
            Eventually.await("the wiring check at the ingest", Duration.ofSeconds(10), sentry::envelopes,
                    envelopes -> envelopes.stream().anyMatch(envelope -> envelope.contains(id)));
        }
    }

    @Test
    void testEventsAreDroppedInProduction() throws Exception {
        try (SentryIngest sentry = new SentryIngest(); TargetServer target = new TargetServer()) {
            Map<String, Object> config = config(sentry, target, "production");
            config.putAll(Signers.sources());
            config.put("hookline.routes[1].name", "billing");
            config.put("hookline.routes[1].match", "st:*");
            config.put("hookline.routes[1].handler", "forward");
            config.put("hookline.routes[1].settings.url", target.url("/ci"));
            config.put("hookline.routes[1].settings.secret", FORWARD_SECRET);
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                target.script("/ci", 400, 400, 400, 400);
                send(receiver, "ping", "ping.json");
                sendStripe(receiver, "evt_test_mode", false);
                send(receiver, "push", "push.json");
                sendStripe(receiver, "evt_live_mode", true);

                Eventually.await("the reports of the two live events", Duration.ofSeconds(20), sentry::events,
                        found -> found.size() >= 2);
                Thread.sleep(1000);
                List<String> types = sentry.events().stream()
                        .map(event -> (Map<?, ?>) receiver.json(event).get("tags"))
                        .map(tags -> String.valueOf(tags.get("event_type"))).toList();
                assertEquals(2, types.size(), "GitHub's ping and a Stripe test-mode event are test events: " + types);
                assertTrue(types.containsAll(List.of("push", "customer.created")), types.toString());
            }
        }
    }

    private static void sendStripe(RunningReceiver receiver, String id, boolean livemode) {
        byte[] body = ("{\"id\":\"" + id + "\",\"object\":\"event\",\"type\":\"customer.created\","
                + "\"created\":1700000000,\"livemode\":" + livemode
                + ",\"data\":{\"object\":{\"id\":\"cus_1\",\"livemode\":true}}}")
                .getBytes(StandardCharsets.UTF_8);
        assertEquals(200, receiver.post("/hooks/st", body, Signers.stripe(body, System.currentTimeMillis() / 1000))
                .statusCode());
    }

    @Test
    void withSentryDownWebhooksAreStillAcceptedAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        try (TargetServer target = new TargetServer()) {
            Map<String, Object> config = new HashMap<>();
            config.put("hookline.sentry.dsn", "http://publickey@127.0.0.1:" + closedPort + "/1");
            config.put("hookline.sentry.signature-burst-threshold", 1);
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
                GitHubDelivery forged = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), "guessed");
                GitHubDelivery broken = GitHubDelivery.of("push", "[".getBytes(StandardCharsets.UTF_8), RunningReceiver.SECRET);
                long start = System.nanoTime();
                for (int i = 0; i < 200; i++) {
                    receiver.post("/hooks/gh", forged.body(), forged.headers());
                    receiver.post("/hooks/gh", broken.body(), broken.headers());
                    GitHubDelivery good = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
                    assertEquals(200, receiver.post("/hooks/gh", good.body(), good.headers()).statusCode());
                }
                Duration took = Duration.ofNanos(System.nanoTime() - start);
                assertTrue(took.compareTo(Duration.ofSeconds(20)) < 0,
                        "600 requests with every report failing to reach Sentry took " + took);
            }
        }
    }

    private static void send(RunningReceiver receiver, String event, String payload) {
        GitHubDelivery delivery = GitHubDelivery.of(event, GitHubDelivery.payload(payload), RunningReceiver.SECRET);
        assertEquals(200, receiver.post("/hooks/gh", delivery.body(), delivery.headers()).statusCode());
    }

    private static Map<String, Object> config(SentryIngest sentry, TargetServer target, String environment) {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.sentry.dsn", sentry.dsn());
        config.put("hookline.sentry.environment", environment);
        config.put("hookline.admin-token", TOKEN);
        config.put("hookline.dispatch.poll-interval", "50ms");
        config.put("hookline.routes[0].name", "ci");
        config.put("hookline.routes[0].match", "gh:*");
        config.put("hookline.routes[0].handler", "forward");
        config.put("hookline.routes[0].settings.url", target.url("/ci"));
        config.put("hookline.routes[0].settings.secret", FORWARD_SECRET);
        return config;
    }

    private static void assertNoSecretIn(SentryIngest sentry) {
        for (String envelope : sentry.envelopes()) {
            for (String secret : List.of(RunningReceiver.SECRET, RunningReceiver.SECOND_SECRET, TOKEN, FORWARD_SECRET,
                    "sha256=", "v1,", "webhook-signature\":")) {
                assertFalse(envelope.contains(secret), "an envelope contains '" + secret + "':\n" + envelope);
            }
        }
    }
}
