package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.dispatch.RetentionJob;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.store.Database;
import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Every statement the store issues at start, on a timer (retention, metrics, the dispatcher's
 * claims) and for the admin API and the dashboard is found through an index: its
 * {@code EXPLAIN QUERY PLAN} has no full scan of {@code events}, {@code deliveries},
 * {@code attempts} or {@code idempotency_keys}, so none of them costs more as the store grows.
 */
@MicronautTest
@Property(name = "micronaut.server.port", value = "-1")
@Property(name = "micronaut.server.host", value = "127.0.0.1")
@Property(name = "hookline.admin-token", value = QueryPlansTest.TOKEN)
@Property(name = "hookline.dispatch.poll-interval", value = "50ms")
@Property(name = "hookline.retention.bodies", value = "1ms")
@Property(name = "hookline.retention.keys", value = "1ms")
@Property(name = "hookline.sources.gh.provider", value = "github")
@Property(name = "hookline.sources.gh.secrets", value = RunningReceiver.SECRET)
@Property(name = "hookline.routes[0].name", value = "rejecting")
@Property(name = "hookline.routes[0].match", value = "gh:issues.*")
@Property(name = "hookline.routes[0].handler", value = "forward")
@Property(name = "hookline.routes[1].name", value = "audit")
@Property(name = "hookline.routes[1].match", value = "gh:push")
@Property(name = "hookline.routes[1].handler", value = "log")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlansTest implements TestPropertyProvider {

    static final String TOKEN = "plans-token";
    private static final Pattern FULL_SCAN = Pattern.compile("\\bSCAN (events|deliveries|attempts|idempotency_keys)\\b");

    private final Path dataDir = createTempDirectory();
    private final TargetServer target = startTarget();

    @Inject
    EmbeddedServer server;
    @Inject
    Database database;
    @Inject
    RetentionJob retention;
    @Inject
    Metrics metrics;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("hookline.data-dir", dataDir.toString(), "hookline.plugins-dir", dataDir.resolve("plugins").toString(),
                "hookline.routes[0].settings.url", target.url("/rejecting"));
    }

    @AfterAll
    void stopTargetAndRemoveTheData() throws IOException {
        target.close();
        try (var files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void noStatementOnATimerAtStartOrForTheAdminScansAGrowingTable() throws Exception {
        RunningReceiver receiver = RunningReceiver.of(server, dataDir);
        target.script("/rejecting", 400);
        String dead = send(receiver, "issues", "issues.opened.json");
        send(receiver, "push", "push.json");
        send(receiver, "pull_request", "pull_request.opened.json");
        Eventually.await("the issue to go dead", Duration.ofSeconds(20),
                () -> receiver.json(admin(receiver, "GET", "/admin/events/" + dead, null)).get("status"), "dead"::equals);

        for (String query : List.of("", "?status=dead", "?source=gh", "?type=push", "?status=dead&source=gh",
                "?status=processed&type=pull_request.*", "?source=gh&type=push", "?status=dead&source=gh&type=issues.*",
                "?limit=1&cursor=" + dead, "?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z&source=gh")) {
            HttpResponse<String> listed = admin(receiver, "GET", "/admin/events" + query, null);
            assertEquals(200, listed.statusCode(), query + ": " + listed.body());
        }
        assertEquals(200, admin(receiver, "GET", "/admin/stats", null).statusCode());
        assertEquals(202, admin(receiver, "POST", "/admin/events/" + dead + "/replay", null).statusCode());
        assertEquals(202, admin(receiver, "POST", "/admin/replay",
                "{\"source\":\"gh\",\"type\":\"issues.*\",\"from\":\"2026-01-01T00:00:00Z\"}").statusCode());
        assertEquals(200, receiver.get("/admin/").statusCode());
        assertEquals(200, receiver.get("/metrics").statusCode());
        assertEquals(200, receiver.get("/health/readiness").statusCode());
        metrics.refreshQueueDepth();
        retention.prune();
        Set<String> statements = database.statementsPrepared();

        assertTrue(statements.stream().anyMatch(sql -> sql.contains("INDEXED BY events_unpruned_bodies")),
                "retention ran: " + statements);
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("min(id)")), "a windowed list ran: " + statements);
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("event_counts_by_hour")), "stats ran");
        assertTrue(statements.stream().anyMatch(sql -> sql.startsWith("UPDATE deliveries SET claimed_until = NULL")),
                "the start-up release of claims ran");
        List<String> scans = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"))) {
            for (String sql : statements) {
                for (String step : plan(connection, sql)) {
                    if (FULL_SCAN.matcher(step).find()) {
                        scans.add(step + "   <-   " + sql);
                    }
                }
            }
        }
        assertEquals(List.of(), scans, "statements that read a whole table and slow down as the store grows");
    }

    private static List<String> plan(Connection connection, String sql) throws SQLException {
        List<String> steps = new ArrayList<>();
        try (var explain = connection.prepareStatement("EXPLAIN QUERY PLAN " + sql);
                ResultSet rows = explain.executeQuery()) {
            while (rows.next()) {
                steps.add(rows.getString("detail"));
            }
        }
        return steps;
    }

    private static String send(RunningReceiver receiver, String event, String payload) {
        GitHubDelivery delivery = GitHubDelivery.of(event, GitHubDelivery.payload(payload), RunningReceiver.SECRET);
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", delivery.body(), delivery.headers()));
        assertEquals("accepted", answer.get("status"), answer.toString());
        return (String) answer.get("id");
    }

    private static HttpResponse<String> admin(RunningReceiver receiver, String method, String path, String json) {
        Map<String, String> headers = new HashMap<>(Map.of("Authorization", "Bearer " + TOKEN));
        if (json != null) {
            headers.put("Content-Type", "application/json");
        }
        return receiver.send(method, path, json == null ? null : json.getBytes(StandardCharsets.UTF_8), headers);
    }

    private static Path createTempDirectory() {
        try {
            return Files.createTempDirectory("hookline-plans");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static TargetServer startTarget() {
        try {
            return new TargetServer();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
