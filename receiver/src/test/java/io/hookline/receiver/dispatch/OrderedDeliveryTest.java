package io.hookline.receiver.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.KeyedLoad;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A route with {@code order-by} runs the deliveries of one key one at a time, in the order their
 * events were received, and different keys in parallel. Real receiver on SQLite, real HTTP on 127.0.0.1.
 */
class OrderedDeliveryTest {

    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    Path dataDir;

    @Test
    void eachKeysEventsReachASlowSometimesFailingTargetInReceiptOrderWithTheKeysInterleaved() throws Exception {
        KeyedLoad load = new KeyedLoad(20, 50);
        try (TargetServer target = new TargetServer();
                RunningReceiver receiver = RunningReceiver.start(dataDir, orderedRoute(target, Map.of()))) {
            target.script("/ordered", load.slowAndSometimesFailing(8, 28));
            load.sendAll((key, push) -> accept(receiver, push));

            Eventually.await("every event delivered", WAIT, () -> receiver.count(
                    "SELECT count(*) FROM deliveries WHERE status = 'processed'"), n -> n == load.events());
            List<TargetServer.Received> received = target.received("/ordered");
            load.assertOrderedPerKeyAndInterleaved(target, received);
            assertTrue(received.size() > load.events(), "some attempts failed and were retried: " + received.size());
            assertTrue(target.mostAtOnce("/ordered") > 1, "different keys ran at the same time");
        }
    }

    /** One route forwarding pushes, ordered by repository, with quick retries and room for 8 at once. */
    static Map<String, Object> orderedRoute(TargetServer target, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("hookline.dispatch.poll-interval", "50ms");
        properties.put("hookline.dispatch.shutdown-grace", "1s");
        properties.put("hookline.routes[0].name", "ordered");
        properties.put("hookline.routes[0].match", "gh:push");
        properties.put("hookline.routes[0].handler", "forward");
        properties.put("hookline.routes[0].settings.url", target == null ? "http://127.0.0.1:9/" : target.url("/ordered"));
        properties.put("hookline.routes[0].timeout", "10s");
        properties.put("hookline.routes[0].max-concurrent", 8);
        properties.put("hookline.routes[0].order-by", KeyedLoad.ORDER_BY);
        properties.put("hookline.routes[0].retry-delays", Collections.nCopies(12, "20ms"));
        properties.putAll(extra);
        return properties;
    }

    static void accept(RunningReceiver receiver, GitHubDelivery push) {
        Map<String, Object> answer = receiver.json(receiver.post("/hooks/gh", push.body(), push.headers()));
        assertEquals("accepted", answer.get("status"), answer.toString());
    }
}
