package io.hookline.receiver.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.receiver.testing.WebhookReceiveTestSupport;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What was acknowledged stays acknowledged; what could not be stored is never acknowledged. */
class DurabilityTest {

    @TempDir
    Path dataDir;

    @Test
    void duplicateIsRecognisedAfterARestartOnTheSameDataDirectory() {
        GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        Object firstId;
        try (RunningReceiver receiver = RunningReceiver.start(dataDir)) {
            Map<String, Object> first = receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()));
            assertEquals("accepted", first.get("status"));
            firstId = first.get("id");
        }
        try (RunningReceiver restarted = RunningReceiver.start(dataDir)) {
            HttpResponse<String> again = restarted.post("/hooks/gh", delivery.body(), delivery.headers());
            assertEquals(Map.of("status", "duplicate", "id", firstId), restarted.json(again));
            assertEquals(1, restarted.count("SELECT count(*) FROM events"));
        }
    }

    @Test
    void shutdownLetsARunningAttemptFinishAndTheNextStartDoesNotRepeatIt() throws Exception {
        try (TargetServer target = new TargetServer()) {
            target.script("/slow", -1500);
            Map<String, Object> route = Map.of(
                    "hookline.routes[0].handler", "forward",
                    "hookline.routes[0].settings.url", target.url("/slow"),
                    "hookline.dispatch.poll-interval", "50ms",
                    "hookline.admin-token", RunningReceiver.ADMIN_TOKEN);
            GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
            String id;
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, route)) {
                id = (String) receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers())).get("id");
                Eventually.await("the attempt to start", java.time.Duration.ofSeconds(10),
                        () -> target.received("/slow").size(), count -> count == 1);
            }
            try (RunningReceiver restarted = RunningReceiver.start(dataDir, route)) {
                HttpResponse<String> detail = restarted.send("GET", "/admin/events/" + id, null,
                        Map.of("Authorization", "Bearer " + RunningReceiver.ADMIN_TOKEN));
                assertEquals("processed", restarted.json(detail).get("status"), detail.body());
                Thread.sleep(300);
                assertEquals(1, target.received("/slow").size(), "the finished attempt is not run again");
            }
        }
    }

    @Test
    void storeThatCannotCommitAnswers503AndAcknowledgesNothing() throws Exception {
        GitHubDelivery delivery = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of("hookline.storage.busy-timeout", "200ms"));
                Connection otherProcess = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                Statement lock = otherProcess.createStatement()) {
            lock.execute("BEGIN IMMEDIATE");

            HttpResponse<String> refused = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
            Map<String, Object> error = WebhookReceiveTestSupport.error(receiver, refused, 503, "storage_unavailable");
            assertEquals("the event could not be stored; nothing was acknowledged, retry later", error.get("detail"));
            HttpResponse<String> health = receiver.get("/health");
            assertEquals(503, health.statusCode());
            assertEquals(Map.of("status", "DOWN"), receiver.json(health));
            String metrics = receiver.get("/metrics").body();
            assertTrue(metrics.matches("(?s).*\\nhookline_store_writes_refused_total [1-9][0-9]*\\.0\\n.*"),
                    "the refused writes are counted for the storage alert: " + metrics);

            lock.execute("ROLLBACK");

            HttpResponse<String> retried = receiver.post("/hooks/gh", delivery.body(), delivery.headers());
            assertEquals("accepted", receiver.json(retried).get("status"),
                    "the provider's retry is a new event: the refused attempt left nothing behind");
            assertEquals(200, receiver.get("/health").statusCode());
        }
    }
}
