package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.dispatch.RetentionJob;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.sqlite.SqliteDatabase;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every statement the store issues at start, on a timer (retention, metrics, the dispatcher's
 * claims) and for the admin API and the dashboard is found through an index: its
 * {@code EXPLAIN QUERY PLAN} has no full scan of {@code events}, {@code deliveries},
 * {@code attempts} or {@code idempotency_keys}, so none of them costs more as the store grows.
 */
class QueryPlansTest {

    private static final Pattern FULL_SCAN = Pattern.compile("\\bSCAN (events|deliveries|attempts|idempotency_keys)\\b");
    private static final String TOKEN = "plans-token";

    @TempDir
    Path dataDir;

    @Test
    void noStatementOnATimerAtStartOrForTheAdminScansAGrowingTable() throws Exception {
        try (TargetServer target = new TargetServer()) {
            target.script("/rejecting", 400);
            Map<String, Object> properties = new HashMap<>();
            properties.put("hookline.admin-token", TOKEN);
            properties.put("hookline.dispatch.poll-interval", "50ms");
            properties.put("hookline.retention.bodies", "1ms");
            properties.put("hookline.retention.keys", "1ms");
            properties.put("hookline.routes[0].name", "rejecting");
            properties.put("hookline.routes[0].match", "gh:issues.*");
            properties.put("hookline.routes[0].handler", "forward");
            properties.put("hookline.routes[0].settings.url", target.url("/rejecting"));
            properties.put("hookline.routes[0].settings.secret", DispatchTest.FORWARD_SECRET);
            properties.put("hookline.routes[1].name", "audit");
            properties.put("hookline.routes[1].match", "gh:push");
            properties.put("hookline.routes[1].handler", "log");
            Set<String> statements;
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, properties)) {
                String dead = send(receiver, "issues", "issues.opened.json");
                send(receiver, "push", "push.json");
                send(receiver, "pull_request", "pull_request.opened.json");
                Eventually.await("the issue to go dead", Duration.ofSeconds(20),
                        () -> receiver.json(admin(receiver, "GET", "/admin/events/" + dead, null)).get("status"),
                        "dead"::equals);

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
                receiver.context().getBean(Metrics.class).refreshQueueDepth();
                receiver.context().getBean(RetentionJob.class).prune();
                statements = receiver.context().getBean(SqliteDatabase.class).statementsPrepared();
            }
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
}
