package io.hookline.receiver.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replay without a stampede, over real HTTP to a real downstream on 127.0.0.1: a dry run counts
 * and changes nothing; a paced replay reaches the downstream at its rate, shows its progress, and
 * stops when cancelled.
 */
class ReplayPacingTest {

    private static final String ADMIN = "replay-admin-token-0123456789abcdefgh";
    private static final Map<String, String> AUTH = Map.of("Authorization", "Bearer " + ADMIN);

    @TempDir
    Path dataDir;

    @Test
    void aDryRunCountsAPacedReplayKeepsToItsRateAndACancelledOneStops() throws Exception {
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, Map.of(
                        "hookline.admin-token", ADMIN,
                        "hookline.dispatch.poll-interval", "50ms",
                        "hookline.routes[0].name", "ci",
                        "hookline.routes[0].match", "gh:*",
                        "hookline.routes[0].handler", "forward",
                        "hookline.routes[0].settings.url", target.url("/ci")))) {
            deadEvents(receiver, target, "push", 300);

            Map<String, Object> dry = replay(receiver, "{\"source\":\"gh\",\"dry_run\":true,\"rate\":50}", 200);
            assertEquals(true, dry.get("dry_run"));
            assertEquals(300, number(dry, "events"));
            assertEquals(300, number(dry, "deliveries"));
            assertEquals(Map.of("gh", 300), dry.get("events_by_source"));
            assertEquals(Map.of("ci", 300), dry.get("deliveries_by_route"));
            assertEquals(6, number(dry, "seconds"));
            Thread.sleep(300);
            assertEquals(300, target.received("/ci").size(), "a dry run sends nothing");
            assertEquals(300, dead(receiver), "and changes nothing");

            int rate = 50;
            long before = System.nanoTime();
            Map<String, Object> started = replay(receiver, "{\"rate\":" + rate + "}", 202);
            String id = (String) started.get("id");
            assertEquals("running", started.get("status"));
            assertEquals(300, number(started, "events"));
            Map<String, Object> midway = Eventually.await("the replay under way", Duration.ofSeconds(10),
                    () -> progress(receiver, id), p -> number(p, "done") > 0);
            assertTrue(number(midway, "done") < 300, "paced, not all at once: " + midway);
            Map<String, Object> done = Eventually.await("the replay to finish", Duration.ofSeconds(20),
                    () -> progress(receiver, id), p -> "done".equals(p.get("status")));
            assertEquals(List.of(300, 300), List.of(number(done, "done"), number(done, "queued")), done.toString());
            Eventually.await("every replayed delivery to arrive", Duration.ofSeconds(10),
                    () -> target.received("/ci").size(), n -> n == 600);
            List<Long> arrivals = target.received("/ci").subList(300, 600).stream()
                    .map(TargetServer.Received::arrivedNanos).toList();
            assertTrue(arrivals.get(0) >= before);
            double seconds = (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
            assertTrue(seconds >= 5.0, "300 events at 50/s take about 6 s, not " + seconds);
            int busiest = busiestSecond(arrivals);
            // Paced where the replay queues; a dispatcher that lagged a moment delivers what it owes at once.
            assertTrue(busiest <= rate * 3 / 2, "the downstream sees about the rate in any second: " + busiest);

            deadEvents(receiver, target, "issues", 200);
            String slow = (String) replay(receiver, "{\"type\":\"issues*\",\"rate\":20}", 202).get("id");
            Thread.sleep(1_000);
            HttpResponse<String> cancel = receiver.send("POST", "/admin/replays/" + slow + "/cancel", null, AUTH);
            assertEquals(200, cancel.statusCode(), cancel.body());
            Map<String, Object> cancelled = Eventually.await("the replay to stop", Duration.ofSeconds(5),
                    () -> progress(receiver, slow), p -> "cancelled".equals(p.get("status")));
            int handed = number(cancelled, "done");
            assertTrue(handed > 0 && handed < 100, "cancelled after about a second at 20/s: " + cancelled);
            Thread.sleep(1_000);
            assertEquals(800 + handed, target.received("/ci").size(), "nothing after the cancel but what it queued");
            assertEquals(200 - handed, dead(receiver));

            List<?> listed = (List<?>) receiver.json(receiver.send("GET", "/admin/replays", null, AUTH)).get("replays");
            assertEquals(List.of(slow, id), listed.stream().map(r -> ((Map<?, ?>) r).get("id")).toList());
            assertEquals(400, receiver.send("POST", "/admin/replay", "{\"rate\":0}".getBytes(),
                    Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json")).statusCode());
            assertEquals(404, receiver.send("GET", "/admin/replays/rpl_999", null, AUTH).statusCode());
        }
    }

    /** Sends {@code count} GitHub events that the downstream refuses with 400, and waits until they are dead. */
    private static void deadEvents(RunningReceiver receiver, TargetServer target, String event, int count) {
        Integer[] refusals = new Integer[count];
        Arrays.fill(refusals, 400);
        target.script("/ci", refusals);
        int before = dead(receiver);
        byte[] body = GitHubDelivery.payload("issues".equals(event) ? "issues.opened.json" : "push.json");
        for (int i = 0; i < count; i++) {
            GitHubDelivery delivery = GitHubDelivery.of(event, body, RunningReceiver.SECRET);
            assertEquals(200, receiver.post("/hooks/gh", delivery.body(), delivery.headers()).statusCode());
        }
        Eventually.await(count + " events to go dead", Duration.ofSeconds(30), () -> dead(receiver),
                n -> n == before + count);
    }

    private static int dead(RunningReceiver receiver) {
        Map<?, ?> sources = (Map<?, ?>) receiver.json(receiver.send("GET", "/admin/stats", null, AUTH)).get("sources");
        Map<?, ?> gh = (Map<?, ?>) sources.get("gh");
        return gh == null ? 0 : ((Number) gh.get("dead")).intValue();
    }

    private static Map<String, Object> replay(RunningReceiver receiver, String body, int status) {
        HttpResponse<String> answer = receiver.send("POST", "/admin/replay", body.getBytes(),
                Map.of("Authorization", "Bearer " + ADMIN, "Content-Type", "application/json"));
        assertEquals(status, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    private static Map<String, Object> progress(RunningReceiver receiver, String id) {
        HttpResponse<String> answer = receiver.send("GET", "/admin/replays/" + id, null, AUTH);
        assertEquals(200, answer.statusCode(), answer.body());
        return receiver.json(answer);
    }

    /** The most arrivals within any one second. */
    private static int busiestSecond(List<Long> arrivals) {
        int most = 0;
        int from = 0;
        for (int to = 0; to < arrivals.size(); to++) {
            while (arrivals.get(to) - arrivals.get(from) >= 1_000_000_000L) {
                from++;
            }
            most = Math.max(most, to - from + 1);
        }
        return most;
    }

    private static int number(Map<String, Object> json, String field) {
        return ((Number) json.get(field)).intValue();
    }
}
