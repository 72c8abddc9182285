package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import io.hookline.postgres.TestPostgres;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.LogLines;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A stop that lands while the dispatcher is claiming a round: the claimed deliveries are left for
 * the next start, and the log does not say that claiming failed (it said, at ERROR, "Claiming
 * deliveries failed; trying again every PT1S until it works: Task … rejected"). The round is held
 * in the database, by a lock on the deliveries table on PostgreSQL, until the stop has begun.
 */
class DispatcherStopTest {

    private static final String TOKEN = "dispatcher-stop-admin-token-0123456";

    @TempDir
    Path dataDir;

    @Test
    void aStopWhileARoundIsClaimedLogsNoClaimingFailure() throws Exception {
        String database = TestPostgres.server().newDatabase();
        LogLines lines = new LogLines();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        lines.start();
        root.addAppender(lines);
        try (TargetServer target = new TargetServer()) {
            target.script("/ci", 503);
            RunningReceiver receiver = RunningReceiver.start(dataDir, config(database, target));
            String eventId;
            try {
                GitHubDelivery push = GitHubDelivery.of("push", GitHubDelivery.payload("push.json"), RunningReceiver.SECRET);
                eventId = (String) receiver.json(receiver.post("/hooks/gh", push.body(), push.headers())).get("id");
                Eventually.await("the first attempt to fail and wait an hour for its retry", Duration.ofSeconds(10),
                        () -> receiver.send("GET", "/admin/events/" + eventId, null, Map.of("Authorization", "Bearer " + TOKEN))
                                .body(), detail -> detail.contains("\"status\":\"retrying\""));
            } catch (RuntimeException | AssertionError e) {
                receiver.close();
                throw e;
            }

            try (Connection connection = DriverManager.getConnection(database, "postgres", null)) {
                connection.setAutoCommit(false);
                try (Statement lock = connection.createStatement();
                        PreparedStatement due = connection.prepareStatement(
                                "UPDATE deliveries SET next_attempt_at = 0 WHERE event_id = ?")) {
                    // The claimer's next round waits for this lock; once it is released the round sees the delivery due.
                    lock.execute("LOCK TABLE deliveries IN ACCESS EXCLUSIVE MODE");
                    due.setString(1, eventId);
                    assertEquals(1, due.executeUpdate());
                }
                Thread.sleep(300);
                assertTrue(workersAlive() > 0, "the worker that ran the first attempt waits for the next");
                CompletableFuture<Void> stopped = CompletableFuture.runAsync(receiver::close);
                // The stop has begun once the idle workers are gone: then the held round comes back.
                Eventually.await("the dispatcher's workers to stop", Duration.ofSeconds(20),
                        DispatcherStopTest::workersAlive, count -> count == 0);
                connection.commit();
                stopped.get(30, TimeUnit.SECONDS);
            }
        } finally {
            root.detachAppender(lines);
        }

        List<String> errors = lines.all().stream().filter(line -> line.getLevel().isGreaterOrEqual(Level.ERROR))
                .map(ILoggingEvent::getFormattedMessage).toList();
        assertEquals(List.of(), errors, "a normal stop logs no error");
    }

    private static long workersAlive() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("hookline-dispatch-worker") && thread.isAlive()).count();
    }

    private Map<String, Object> config(String database, TargetServer target) {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.data-dir", dataDir.resolve("never-created").toString());
        config.put("datasources.default.url", database);
        config.put("datasources.default.username", "postgres");
        config.put("hookline.instance-id", "stop-test");
        config.put("hookline.admin-token", TOKEN);
        config.put("hookline.dispatch.poll-interval", "50ms");
        config.put("hookline.routes[0].name", "ci");
        config.put("hookline.routes[0].match", "gh:*");
        config.put("hookline.routes[0].handler", "forward");
        config.put("hookline.routes[0].settings.url", target.url("/ci"));
        config.put("hookline.routes[0].retry-delays", List.of("1h"));
        return config;
    }
}
