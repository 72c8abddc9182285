package io.hookline.receiver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import io.hookline.receiver.testing.Eventually;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.receiver.testing.ReceiverProcess;
import io.hookline.receiver.testing.Senders;
import io.hookline.receiver.testing.TargetServer;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two jars on one PostgreSQL database, each delivery sent to both at the same moment, as behind a
 * load balancer whose sender retries on the other node: each is stored once, the two answers
 * agree on its id, and the downstream gets each event once. Then one instance is killed with
 * SIGKILL mid-burst: every acknowledged event still reaches the downstream, and nothing is left
 * pending once its lease has run out.
 */
class TwoInstancesIT {

    private static final int FIRST_BURST = 2_000;
    private static final int SECOND_BURST = 2_000;
    private static final int KILL_AFTER = 500;
    private static final String TOKEN = "two-instances-admin-token-0123456789";

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 300, unit = TimeUnit.SECONDS)
    void twoInstancesStoreEachDeliveryOnceAndSurviveTheLossOfOne() throws Exception {
        String database = TestPostgres.server().newDatabase();
        ExecutorService pairs = Executors.newFixedThreadPool(16);
        try (TargetServer target = new TargetServer()) {
            ReceiverProcess a = start("a", database, target);
            ReceiverProcess b = start("b", database, target);
            try {
                Map<String, String> firstIds = new ConcurrentHashMap<>();
                List<GitHubDelivery> unanswered = Senders.sendAll(Senders.pushes("first", FIRST_BURST), delivery -> {
                    CompletableFuture<ReceiverProcess.Answer> fromB = CompletableFuture.supplyAsync(() -> b.send(delivery), pairs);
                    ReceiverProcess.Answer fromA = a.send(delivery);
                    ReceiverProcess.Answer other = fromB.join();
                    assertTrue(fromA.acknowledged() && other.acknowledged(), delivery.deliveryId() + ": " + fromA + " " + other);
                    assertEquals(fromA.id(), other.id(), "both instances answer the same event id");
                    assertTrue(fromA.duplicate() != other.duplicate(), "one accepted, one duplicate: " + fromA + " " + other);
                    firstIds.put(delivery.deliveryId(), fromA.id());
                    return true;
                });
                assertEquals(List.of(), unanswered);
                Set<String> firstEvents = Set.copyOf(firstIds.values());
                assertEquals(FIRST_BURST, firstEvents.size(), "one event per delivery");
                Eventually.await("every event at the downstream", Duration.ofSeconds(60),
                        () -> Senders.missing(firstEvents, target, "/downstream"), Set::isEmpty);
                Map<String, Long> timesDelivered = target.received("/downstream").stream()
                        .collect(Collectors.groupingBy(r -> r.header("webhook-id"), Collectors.counting()));
                assertEquals(Map.of(), timesDelivered.entrySet().stream().filter(e -> e.getValue() != 1)
                        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)), "each event delivered once");
                String attempt = a.admin("/admin/events/" + firstEvents.iterator().next(), TOKEN);
                assertTrue(attempt.contains("\"instance\":\"a\"") || attempt.contains("\"instance\":\"b\""), attempt);

                Map<String, String> secondIds = new ConcurrentHashMap<>();
                AtomicInteger acknowledgedByA = new AtomicInteger();
                List<GitHubDelivery> lost = Senders.sendAll(Senders.pushes("second", SECOND_BURST), delivery -> {
                    CompletableFuture<ReceiverProcess.Answer> fromB = CompletableFuture.supplyAsync(() -> b.send(delivery), pairs);
                    ReceiverProcess.Answer fromA = a.send(delivery);
                    if (fromA.acknowledged() && acknowledgedByA.incrementAndGet() == KILL_AFTER) {
                        a.kill();
                    }
                    ReceiverProcess.Answer other = fromB.join();
                    for (ReceiverProcess.Answer answer : List.of(fromA, other)) {
                        if (answer.acknowledged()) {
                            secondIds.merge(delivery.deliveryId(), answer.id(), (x, y) -> {
                                assertEquals(x, y, "both instances answer the same event id");
                                return x;
                            });
                        }
                    }
                    return secondIds.containsKey(delivery.deliveryId());
                });
                assertFalse(a.isAlive(), "instance a was killed mid-burst");
                // What neither acknowledged, the sender retries, and the surviving instance takes.
                assertEquals(List.of(), Senders.sendAll(lost, delivery -> {
                    ReceiverProcess.Answer answer = b.send(delivery);
                    secondIds.put(delivery.deliveryId(), answer.id());
                    return answer.acknowledged();
                }));
                Set<String> secondEvents = Set.copyOf(secondIds.values());
                assertEquals(SECOND_BURST, secondEvents.size());
                Eventually.await("every acknowledged event at the downstream, a's claims taken over", Duration.ofSeconds(60),
                        () -> Senders.missing(secondEvents, target, "/downstream"), Set::isEmpty);
                // Twice in full-suite runs (never alone) three or four events that a delivered just before its
                // kill stayed pending for the whole 30 s once given here, never attempted by b. Whether b takes
                // them over late or never is not known yet: the wait is longer, and a failure now shows each
                // one's claim as the database has it, b's dispatch threads and b's warnings.
                b.awaitNothingUnprocessed("nothing left pending on the surviving instance", Duration.ofSeconds(90), TOKEN,
                        () -> claims(database));
            } finally {
                a.kill();
                b.close();
            }
        } finally {
            pairs.shutdownNow();
        }
    }

    /** The deliveries still to run as the database has them, with their claims, and the database's time. */
    private static String claims(String database) {
        StringBuilder rows = new StringBuilder("deliveries still to run, at " + System.currentTimeMillis() + ":");
        try (Connection connection = DriverManager.getConnection(database, "postgres", null);
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT event_id, route, status, attempts, next_attempt_at,"
                        + " claimed_until, claimed_by FROM deliveries WHERE status IN ('pending', 'retrying')")) {
            while (row.next()) {
                rows.append("\n").append(row.getString(1)).append(' ').append(row.getString(2)).append(' ')
                        .append(row.getString(3)).append(" attempts=").append(row.getInt(4)).append(" next=")
                        .append(row.getLong(5)).append(" claimed_until=").append(row.getObject(6)).append(" by=")
                        .append(row.getString(7));
            }
        } catch (SQLException e) {
            rows.append(" (unreadable: ").append(e.getMessage()).append(')');
        }
        return rows.toString();
    }

    private ReceiverProcess start(String instance, String database, TargetServer target) throws Exception {
        int port = ReceiverProcess.freePort();
        Path config = dir.resolve(instance + ".yml");
        List<String> lines = new ArrayList<>(List.of(
                "micronaut.server.port: " + port,
                "datasources.default: { url: \"" + database + "\", username: postgres }",
                "hookline:",
                "  instance-id: " + instance,
                "  data-dir: " + dir.resolve(instance + "-data"),
                "  plugins-dir: " + dir.resolve("plugins"),
                "  admin-token: " + TOKEN,
                // The lease is short so that b takes a's claims over within the test, but not so short that
                // a stall of a loaded machine (seen: two events delivered twice with 2s) lets b take a
                // live claim over: that is the at-least-once the lease margin exists for (default 1m).
                // A target slowed past its 2s timeout by a loaded machine may open the route's breaker, which
                // then postpones the claims b takes over from a by its delay (default 30s): the test waits
                // for the takeover, not for the breaker, so the delay is short.
                "  dispatch: { poll-interval: 200ms, lease-margin: 8s, breaker-delay: 1s }"));
        lines.addAll(Senders.sourceForwardingTo(target.url("/downstream"), "timeout: 2s"));
        Files.writeString(config, String.join("\n", lines));
        return ReceiverProcess.start(config, port, dir.resolve(instance + ".log"));
    }
}
