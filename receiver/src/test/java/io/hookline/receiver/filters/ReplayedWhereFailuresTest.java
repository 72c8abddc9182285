package io.hookline.receiver.filters;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code hookline_route_filter_errors_total} counts when events are replayed: a replay tests
 * {@code where:} again on the stored event, and a failure counts again for a route the replay would
 * have queued had its where held; a dry run, or a replay that leaves the route alone, counts nothing.
 * Real receiver, real HTTP on 127.0.0.1, the metric as Prometheus scrapes it.
 */
class ReplayedWhereFailuresTest {

    private static final String ADMIN = RunningReceiver.ADMIN_TOKEN;
    private static final byte[] PUSH = GitHubDelivery.payload("push.with-new-branch.json");
    private static final String FAILS_ON_A_PUSH = "body.data.object.amount_due > 0";

    @TempDir
    Path dataDir;

    @Test
    void aReplayCountsAWhereThatFailsAgainOnlyWhereItWouldHaveQueuedTheRoute() throws Exception {
        Map<String, Object> config = new HashMap<>();
        config.put("hookline.admin-token", ADMIN);
        PayloadFilterTest.route(config, 0, "every-push", "gh:push", null);
        PayloadFilterTest.route(config, 1, "invoice-shaped", "gh:*", FAILS_ON_A_PUSH);
        try (RunningReceiver receiver = RunningReceiver.start(dataDir, config)) {
            String push = PayloadFilterTest.stored(receiver, PayloadFilterTest.post(receiver, PUSH));
            Eventually.await("the push processed", Duration.ofSeconds(30), () -> status(receiver, push), "processed"::equals);
            assertEquals(1.0, filterErrors(receiver, "invoice-shaped"), "counted once when it arrived");

            replay(receiver, push, "{\"all\":true,\"dry_run\":true}", 200);
            replay(receiver, null, "{\"status\":\"processed\",\"all\":true,\"dry_run\":true}", 200);
            assertEquals(1.0, filterErrors(receiver, "invoice-shaped"), "a dry run changes nothing, the metric included");
            replay(receiver, push, "{}", 200);
            assertEquals(1.0, filterErrors(receiver, "invoice-shaped"),
                    "replaying its failed deliveries (none) would never have queued invoice-shaped");
            replay(receiver, push, "{\"routes\":[\"every-push\"]}", 202);
            assertEquals(1.0, filterErrors(receiver, "invoice-shaped"), "a replay of another route leaves it alone");

            replay(receiver, push, "{\"all\":true}", 202);
            assertEquals(2.0, filterErrors(receiver, "invoice-shaped"), "replaying every route tested it, and it failed again");
            replay(receiver, null, "{\"status\":\"processed\",\"all\":true}", 202);
            assertEquals(3.0, filterErrors(receiver, "invoice-shaped"), "so did the bulk replay of every route");
        }
    }

    @Test
    void replayingAFailedDeliveryWhoseWhereNowFailsCountsItAndDropsIt() throws Exception {
        try (TargetServer target = new TargetServer()) {
            target.script("/ci", 400);
            String push;
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, forwarding(target, "body.ref != ''"))) {
                push = PayloadFilterTest.stored(receiver, PayloadFilterTest.post(receiver, PUSH));
                Eventually.await("the push dead", Duration.ofSeconds(30), () -> status(receiver, push), "dead"::equals);
            }
            try (RunningReceiver receiver = RunningReceiver.start(dataDir, forwarding(target, FAILS_ON_A_PUSH))) {
                assertEquals(0.0, filterErrors(receiver, "ci"), "restarted with a where that fails on the push");
                HttpResponse<String> replayed = replay(receiver, push, "{}", 200);
                assertEquals(List.of("ci"), receiver.json(replayed).get("dropped"), replayed.body());
                assertEquals(1.0, filterErrors(receiver, "ci"), "the failed delivery's where was tested again, and failed");
            }
        }
    }

    private static Map<String, Object> forwarding(TargetServer target, String where) {
        return new HashMap<>(Map.of("hookline.admin-token", ADMIN, "hookline.dispatch.poll-interval", "50ms",
                "hookline.routes[0].name", "ci", "hookline.routes[0].match", "gh:push", "hookline.routes[0].where", where,
                "hookline.routes[0].handler", "forward", "hookline.routes[0].settings.url", target.url("/ci")));
    }

    /** Replays one event ({@code id}) or, with null, every one the body's filter takes; checks the answer's status. */
    private static HttpResponse<String> replay(RunningReceiver receiver, String id, String body, int expected) {
        String path = id == null ? "/admin/replay" : "/admin/events/" + id + "/replay";
        HttpResponse<String> answer = receiver.send("POST", path, body.getBytes(StandardCharsets.UTF_8),
                Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json"));
        assertEquals(expected, answer.statusCode(), path + " " + body + ": " + answer.body());
        Eventually.await("nothing left to deliver after " + body, Duration.ofSeconds(30),
                () -> receiver.count("SELECT count(*) FROM deliveries WHERE status IN ('pending', 'retrying')"), n -> n == 0L);
        return answer;
    }

    private static String status(RunningReceiver receiver, String id) {
        return (String) receiver.json(receiver.send("GET", "/admin/events/" + id, null,
                Map.of("Authorization", "Bearer " + ADMIN))).get("status");
    }

    /** The route's count as /metrics shows it; 0 while it has none. */
    private static double filterErrors(RunningReceiver receiver, String route) {
        String metrics = receiver.get("/metrics").body();
        Matcher count = Pattern.compile("hookline_route_filter_errors_total\\{route=\"" + Pattern.quote(route) + "\"} ([0-9.]+)")
                .matcher(metrics);
        return count.find() ? Double.parseDouble(count.group(1)) : 0.0;
    }
}
