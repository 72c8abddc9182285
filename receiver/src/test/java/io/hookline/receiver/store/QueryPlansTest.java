package io.hookline.receiver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.dispatch.RetentionJob;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.subscriptions.SubscriptionsTest;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.FakeGitHub;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import io.hookline.store.Database;
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
 * The repositories' statements are among them: they run on the store's connections.
 */
// Not transactional: the test's thread has no store connection to open a transaction on.
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryPlansTest implements TestPropertyProvider {

    static final String TOKEN = "plans-admin-token-0123456789abcdefgh";
    private static final Pattern FULL_SCAN = Pattern.compile("\\bSCAN (events|deliveries|attempts|idempotency_keys|replays|replayed_deliveries)\\b");

    private final Path dataDir = createTempDirectory();
    private final TargetServer target = startTarget();
    private final FakeGitHub github = startGitHub();

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
        Map<String, String> properties = new HashMap<>(Map.of("hookline.data-dir", dataDir.toString(),
                "hookline.plugins-dir", dataDir.resolve("plugins").toString(),
                "hookline.routes[0].settings.url", target.url("/rejecting")));
        // Here rather than as @Property, so that the PostgreSQL subclass runs on the same configuration.
        properties.put("micronaut.server.port", "-1");
        properties.put("micronaut.server.host", "127.0.0.1");
        properties.put("hookline.admin-token", QueryPlansTest.TOKEN);
        properties.put("hookline.dispatch.poll-interval", "50ms");
        properties.put("hookline.retention.bodies", "1ms");
        properties.put("hookline.retention.keys", "1ms");
        properties.put("hookline.sources.gh.provider", "github");
        properties.put("hookline.sources.gh.secrets", RunningReceiver.SECRET);
        properties.put("hookline.secret-key", SubscriptionsTest.SECRET_KEY);
        properties.put("hookline.subscriptions.allow-private-targets", "true");
        properties.put("hookline.sources.gh.reconcile.token", FakeGitHub.TOKEN);
        properties.put("hookline.sources.gh.reconcile.hook", FakeGitHub.HOOK);
        properties.put("hookline.sources.gh.reconcile.api-url", github.apiUrl());
        properties.put("hookline.routes[0].name", "rejecting");
        properties.put("hookline.routes[0].match", "gh:issues.*");
        properties.put("hookline.routes[0].order-by", "/repository/full_name");
        properties.put("hookline.routes[0].handler", "forward");
        properties.put("hookline.routes[1].name", "audit");
        properties.put("hookline.routes[1].match", "gh:push");
        properties.put("hookline.routes[1].handler", "log");
        properties.putAll(engineProperties());
        return properties;
    }

    /** The configuration that chooses the engine under test: none for SQLite, the default. */
    Map<String, String> engineProperties() {
        return Map.of();
    }

    @AfterAll
    void stopTargetAndRemoveTheData() throws IOException {
        target.close();
        github.close();
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
        // Of the same repository: held behind the dead one, so the claims park it and look for its key's release.
        String waiting = send(receiver, "issues", "issues.opened.json");
        Eventually.await("the claimer to look for the keys freed", Duration.ofSeconds(20),
                () -> database.statementsPrepared().stream().anyMatch(sql -> sql.contains("parked_keys")), held -> held);

        for (String query : List.of("", "?status=dead", "?source=gh", "?type=push", "?status=dead&source=gh",
                "?status=processed&type=pull_request.*", "?source=gh&type=push", "?status=dead&source=gh&type=issues.*",
                "?limit=1&cursor=" + dead, "?from=2026-01-01T00:00:00Z&to=2099-01-01T00:00:00Z&source=gh",
                "?key=some-delivery", "?key=some-delivery&source=gh&status=dead")) {
            HttpResponse<String> listed = admin(receiver, "GET", "/admin/events" + query, null);
            assertEquals(200, listed.statusCode(), query + ": " + listed.body());
        }
        assertEquals(200, admin(receiver, "GET", "/admin/stats", null).statusCode());
        HttpResponse<String> held = admin(receiver, "GET", "/admin/events/" + waiting, null);
        assertTrue(held.body().contains("\"held_by\":\"" + dead + "\""), "what its delivery waits behind: " + held.body());
        github.deliverTo(receiver.uri("/hooks/gh"));
        github.missed("push", GitHubDelivery.payload("push.json"));
        assertEquals(200, admin(receiver, "POST", "/admin/sources/gh/reconcile", null).statusCode());
        assertEquals(200, admin(receiver, "GET", "/admin/sources/gh/reconciliations", null).statusCode());
        assertEquals(200, admin(receiver, "GET", "/admin/sources", null).statusCode());
        HttpResponse<String> subscribed = admin(receiver, "POST", "/admin/subscriptions",
                "{\"name\":\"plans\",\"url\":\"" + target.url("/plans") + "\",\"events\":[\"gh:push\"]}");
        assertEquals(201, subscribed.statusCode(), subscribed.body());
        send(receiver, "push", "push.json");
        String subscription = (String) receiver.json(subscribed).get("id");
        HttpResponse<String> routes = admin(receiver, "GET", "/admin/routes", null);
        assertEquals(200, routes.statusCode(), routes.body());
        assertTrue(routes.body().contains("\"kind\":\"subscription\""), "the subscription is in the routes: " + routes.body());
        for (String query : List.of("", "?status=dead", "?limit=1&before=" + dead)) {
            assertEquals(200, admin(receiver, "GET", "/admin/subscriptions/" + subscription + "/deliveries" + query, null)
                    .statusCode());
        }
        assertEquals(200, admin(receiver, "GET", "/admin/events/" + dead + "/body", null).statusCode());
        assertEquals(202, admin(receiver, "POST", "/admin/events/" + dead + "/replay", null).statusCode());
        assertEquals(202, admin(receiver, "POST", "/admin/replay",
                "{\"source\":\"gh\",\"type\":\"issues.*\",\"from\":\"2026-01-01T00:00:00Z\"}").statusCode());
        assertEquals(200, admin(receiver, "POST", "/admin/replay", "{\"dry_run\":true,\"status\":\"pending\"}").statusCode());
        // 202, or 200 when the replay just above is being attempted at this moment (a running delivery is
        // left alone and named): either way the statements of a replay of every route have run.
        int all = admin(receiver, "POST", "/admin/events/" + dead + "/replay", "{\"all\":true}").statusCode();
        assertTrue(all == 202 || all == 200, "replay all answered " + all);
        assertEquals(200, admin(receiver, "GET", "/admin/events/" + dead, null).statusCode(), "its replay history");
        assertEquals(200, receiver.get("/admin/").statusCode());
        assertEquals(200, receiver.get("/metrics").statusCode());
        assertEquals(200, receiver.get("/health/readiness").statusCode());
        metrics.refreshQueueDepth();
        retention.prune();
        Set<String> statements = database.statementsPrepared();

        assertTrue(statements.stream().anyMatch(sql -> sql.contains("body_pruned = 0")),
                "retention ran: " + statements);
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("min(id)")), "a windowed list ran: " + statements);
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("event_counts_by_hour")), "stats ran");
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("FROM events WHERE source = ? AND id < ?")),
                "reconciliation looked for the newest event before the start");
        assertTrue(statements.stream().anyMatch(sql -> sql.startsWith("UPDATE deliveries SET claimed_until = NULL")),
                "the start-up release of claims ran");
        assertTrue(statements.stream().anyMatch(sql -> sql.startsWith("WITH RECURSIVE waiting")),
                "the claimer looked for the routes with deliveries to run");
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("WHERE route = ? AND status IN ('pending', 'retrying')")),
                "the claimer claimed one route's due deliveries");
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("AS dead_deliveries")),
                "the routes panel counted a route's dead deliveries");
        assertTrue(statements.stream().anyMatch(sql -> sql.contains("earliest_by_route")),
                "the metrics looked for the oldest due delivery");
        assertEquals(1, fullScans(Set.of("SELECT id FROM events WHERE headers = ?")).size(),
                "the check itself sees a statement no index serves");
        List<String> scans = fullScans(statements);
        assertEquals(List.of(), scans, "statements that read a whole table and slow down as the store grows");
    }

    /** Each step of a plan that reads a whole table, with its statement. */
    List<String> fullScans(Set<String> statements) throws SQLException {
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
        return scans;
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

    private static FakeGitHub startGitHub() {
        try {
            return new FakeGitHub(RunningReceiver.SECRET);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
