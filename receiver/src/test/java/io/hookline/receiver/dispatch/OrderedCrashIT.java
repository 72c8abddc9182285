package io.hookline.receiver.dispatch;

import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.KeyedLoad;
import io.hookline.receiver.testing.ReceiverProcess;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar with an ordered route, killed with SIGKILL while 20 keys x 50 events stream in and
 * are delivered to a slow, sometimes failing target, then started again on the same data directory:
 * the order is in the store, so the target still sees each key's events in receipt order, one at a
 * time (the attempt the kill cut short comes again first), with the keys interleaved.
 */
class OrderedCrashIT {

    private static final String TOKEN = "ordered-crash-admin-token-0123456789";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 150, unit = TimeUnit.SECONDS)
    void eachKeysOrderHoldsAcrossAKillDashNine() throws Exception {
        KeyedLoad load = new KeyedLoad(20, 50);
        try (TargetServer target = new TargetServer()) {
            target.script("/ordered", load.slowAndSometimesFailing(10, 9));
            int port = ReceiverProcess.freePort();
            Path config = dir.resolve("hookline.yml");
            Files.writeString(config, String.join("\n", List.of(
                    "micronaut.server.port: " + port,
                    "hookline:",
                    "  data-dir: " + dir.resolve("data"),
                    "  plugins-dir: " + dir.resolve("plugins"),
                    "  admin-token: " + TOKEN,
                    "  dispatch: { poll-interval: 50ms }",
                    "  sources:",
                    "    gh: { provider: github, secrets: [ \"" + RunningReceiver.SECRET + "\" ] }",
                    "  routes:",
                    "    - name: ordered",
                    "      match: \"gh:push\"",
                    "      handler: forward",
                    "      settings: { url: \"" + target.url("/ordered") + "\" }",
                    "      max-concurrent: 8",
                    "      order-by: \"" + KeyedLoad.ORDER_BY + "\"",
                    "      retry-delays: [ 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms ]",
                    "")));

            AtomicReference<ReceiverProcess> receiver = new AtomicReference<>(
                    ReceiverProcess.start(config, port, dir.resolve("first.log")));
            AtomicInteger acknowledged = new AtomicInteger();
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                try {
                    // Each key's next event is sent only once this one is acknowledged, by whichever process is up.
                    load.sendAll((key, push) -> {
                        while (!receiver.get().send(push).acknowledged()) {
                            sleep();
                        }
                        acknowledged.incrementAndGet();
                    });
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Eventually.await("a third of the events acknowledged", Duration.ofSeconds(60), acknowledged::get,
                    n -> n >= load.events() / 3);
            receiver.get().kill();
            int receivedBeforeKill = target.received("/ordered").size();
            try (ReceiverProcess second = ReceiverProcess.start(config, port, dir.resolve("second.log"))) {
                receiver.set(second);
                sending.get(90, TimeUnit.SECONDS);
                second.awaitNothingUnprocessed("every event delivered", Duration.ofSeconds(60), TOKEN);
                List<TargetServer.Received> received = target.received("/ordered");
                load.assertOrderedPerKeyAndInterleaved(target, received);
                if (receivedBeforeKill == 0 || receivedBeforeKill >= received.size()) {
                    throw new AssertionError("the kill must land while deliveries run: " + receivedBeforeKill
                            + " of " + received.size() + " requests before it");
                }
            }
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
