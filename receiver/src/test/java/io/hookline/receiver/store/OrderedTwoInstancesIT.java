package io.hookline.receiver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import io.hookline.receiver.testing.KeyedLoad;
import io.hookline.receiver.testing.ReceiverProcess;
import io.hookline.receiver.testing.RunningReceiver;
import io.hookline.receiver.testing.TargetServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jars on one PostgreSQL database with an ordered route, each key's events sent to one instance
 * then the other: both claim and deliver, yet the target sees each key's events in receipt order and
 * never two of one key at once, the keys interleaved. Receipt order across instances is the order of
 * the receiving clocks' milliseconds, so a key's next event is sent a few milliseconds after the
 * last was acknowledged.
 */
class OrderedTwoInstancesIT {

    private static final String TOKEN = "ordered-two-admin-token-0123456789ab";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void twoInstancesNeverRunOneKeyAtOnceAndKeepEachKeysOrder() throws Exception {
        String database = TestPostgres.server().newDatabase();
        KeyedLoad load = new KeyedLoad(20, 50);
        try (TargetServer target = new TargetServer()) {
            target.script("/ordered", load.slowAndSometimesFailing(10, 14));
            try (ReceiverProcess a = start("a", database, target); ReceiverProcess b = start("b", database, target)) {
                List<ReceiverProcess> instances = List.of(a, b);
                load.sendAll((key, push) -> {
                    // Either instance may receive any event, as behind a load balancer.
                    ReceiverProcess receiving = instances.get(ThreadLocalRandom.current().nextInt(2));
                    if (!receiving.send(push).acknowledged()) {
                        throw new AssertionError("an event was not acknowledged");
                    }
                    pause();
                });
                a.awaitNothingUnprocessed("every event delivered", Duration.ofSeconds(90), TOKEN);
                load.assertOrderedPerKeyAndInterleaved(target, target.received("/ordered"));
                try (Connection connection = DriverManager.getConnection(database, "postgres", null);
                        Statement statement = connection.createStatement();
                        ResultSet row = statement.executeQuery("SELECT count(DISTINCT instance) FROM attempts")) {
                    row.next();
                    assertEquals(2, row.getInt(1), "both instances made attempts");
                }
                assertTrue(target.mostAtOnce("/ordered") > 1, "different keys ran at the same time");
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(3);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private ReceiverProcess start(String instance, String database, TargetServer target) throws Exception {
        int port = ReceiverProcess.freePort();
        Path config = dir.resolve(instance + ".yml");
        Files.writeString(config, String.join("\n", List.of(
                "micronaut.server.port: " + port,
                "datasources.default: { url: \"" + database + "\", username: postgres }",
                "hookline:",
                "  instance-id: " + instance,
                "  data-dir: " + dir.resolve(instance + "-data"),
                "  plugins-dir: " + dir.resolve("plugins"),
                "  admin-token: " + TOKEN,
                "  dispatch: { poll-interval: 50ms, lease-margin: 8s }",
                "  sources:",
                "    gh: { provider: github, secrets: [ \"" + RunningReceiver.SECRET + "\" ] }",
                "  routes:",
                "    - name: ordered",
                "      match: \"gh:push\"",
                "      handler: forward",
                "      settings: { url: \"" + target.url("/ordered") + "\" }",
                "      max-concurrent: 8",
                "      timeout: 5s",
                "      order-by: \"" + KeyedLoad.ORDER_BY + "\"",
                "      retry-delays: [ 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms, 20ms ]",
                "")));
        return ReceiverProcess.start(config, port, dir.resolve(instance + ".log"));
    }
}
