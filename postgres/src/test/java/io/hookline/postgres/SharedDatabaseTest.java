package io.hookline.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.store.ClaimedDelivery;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventStore;
import io.hookline.store.JdbcReplayRecords;
import io.hookline.store.NewEvent;
import io.hookline.store.Receipt;
import io.hookline.store.Retention;
import io.hookline.store.StorageException;
import io.hookline.store.WriterSettings;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two instances on one PostgreSQL database: what the database, not Java, must keep apart. */
class SharedDatabaseTest {

    private static final List<DeliveryTarget> ROUTE = List.of(new DeliveryTarget("ci", "forward"));

    private PostgresSettings settings;

    @BeforeEach
    void emptyDatabase() {
        TestPostgres server = TestPostgres.server();
        settings = server.settings(server.newDatabase());
    }

    @Test
    void theSameKeysSentToTwoInstancesAtOnceAreStoredOnceAndBothAnswerTheFirstId() throws Exception {
        int keys = 2_000;
        try (Database a = open(); Database b = open()) {
            Map<String, CompletableFuture<Receipt>> fromA = new HashMap<>();
            Map<String, CompletableFuture<Receipt>> fromB = new HashMap<>();
            // Each instance receives the keys in its own order, so their batches overlap in every way.
            Thread sendA = sender(new EventStore(a), keys, new Random(1), fromA);
            Thread sendB = sender(new EventStore(b), keys, new Random(2), fromB);
            sendA.start();
            sendB.start();
            sendA.join();
            sendB.join();
            CompletableFuture.allOf(fromA.values().toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            CompletableFuture.allOf(fromB.values().toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
            for (int k = 0; k < keys; k++) {
                Receipt one = fromA.get("key-" + k).join();
                Receipt other = fromB.get("key-" + k).join();
                assertEquals(one.eventId(), other.eventId(), "both instances answer the first event's id for key-" + k);
                assertTrue(one.duplicate() != other.duplicate(), "one accepted and one duplicate for key-" + k);
            }
        }
        assertEquals(keys, count("SELECT count(*) FROM events"));
        assertEquals(keys, count("SELECT count(*) FROM idempotency_keys"));
    }

    @Test
    void twoInstancesClaimingAtOnceNeverClaimTheSameDelivery() throws Exception {
        int events = 600;
        try (Database a = open(); Database b = open()) {
            EventStore store = new EventStore(a);
            List<CompletableFuture<Receipt>> stored = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                stored.add(store.append(event("k-" + i, ROUTE)));
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get();
            Set<String> claimedByA = ConcurrentHashMap.newKeySet();
            Set<String> claimedByB = ConcurrentHashMap.newKeySet();
            Thread claimA = claimer(new DeliveryQueue(a, "instance-a", new JdbcReplayRecords()), claimedByA);
            Thread claimB = claimer(new DeliveryQueue(b, "instance-b", new JdbcReplayRecords()), claimedByB);
            claimA.start();
            claimB.start();
            claimA.join();
            claimB.join();
            Set<String> both = new HashSet<>(claimedByA);
            both.retainAll(claimedByB);
            assertEquals(Set.of(), both, "no delivery claimed by both");
            assertEquals(events, claimedByA.size() + claimedByB.size(), "every delivery claimed once");
            assertFalse(claimedByA.isEmpty() || claimedByB.isEmpty(), "both instances took part");
        }
    }

    @Test
    void atStartAnInstanceReleasesItsOwnClaimsAndLeavesTheOthersToTheirLeases() throws Exception {
        try (Database a = open(); Database b = open()) {
            EventStore store = new EventStore(a);
            store.append(event("k-1", ROUTE)).get();
            store.append(event("k-2", ROUTE)).get();
            DeliveryQueue queueA = new DeliveryQueue(a, "instance-a", new JdbcReplayRecords());
            DeliveryQueue queueB = new DeliveryQueue(b, "instance-b", new JdbcReplayRecords());
            assertEquals(1, queueA.claim(1, Duration.ofMinutes(5)).get().size());
            assertEquals(1, queueB.claim(1, Duration.ofMinutes(5)).get().size());

            assertEquals(1, new DeliveryQueue(b, "instance-b", new JdbcReplayRecords()).releaseClaims().get(), "only instance-b's own claim");
            List<ClaimedDelivery> again = queueB.claim(10, Duration.ofMinutes(5)).get();
            assertEquals(1, again.size(), "instance-a's claim holds until its lease ends");
        }
    }

    @Test
    void twoInstancesPruningAtOnceTakeTurnsAndPruneEachBodyOnce() throws Exception {
        int events = 1_000;
        try (Database a = open(); Database b = open()) {
            EventStore store = new EventStore(a);
            List<CompletableFuture<Receipt>> stored = new ArrayList<>();
            for (int i = 0; i < events; i++) {
                stored.add(store.append(event("old-" + i, List.of())));
            }
            CompletableFuture.allOf(stored.toArray(CompletableFuture[]::new)).get();
            Thread.sleep(5);
            List<Retention.Slice> slices = Collections.synchronizedList(new ArrayList<>());
            Thread pruneA = pruner(new Retention(a), slices);
            Thread pruneB = pruner(new Retention(b), slices);
            pruneA.start();
            pruneB.start();
            pruneA.join();
            pruneB.join();
            assertEquals(events, slices.stream().mapToInt(Retention.Slice::bodies).sum(), "each body pruned once");
        }
        assertEquals(0, count("SELECT count(*) FROM events WHERE body IS NOT NULL"));
    }

    @Test
    void anInstanceHearsWhenAnotherStoresWork() throws Exception {
        try (Database a = open(); Database b = open()) {
            CountDownLatch heard = new CountDownLatch(2);
            try (AutoCloseable listening = b.listenForWork(heard::countDown)) {
                // The first call comes when listening starts; the second is the notification.
                Thread.sleep(300);
                new EventStore(a).append(event("k-1", ROUTE)).get();
                assertTrue(heard.await(5, TimeUnit.SECONDS), "instance b heard of the stored delivery");
            }
        }
    }

    @Test
    void afterTheDatabaseDropsItsConnectionsTheStoreReconnectsWithoutFailingARequest() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            assertFalse(store.append(event("before", List.of())).get().duplicate());
            assertTrue(store.find(store.append(event("before", List.of())).get().eventId()).isPresent());
            terminateHooklineConnections();

            String after = store.append(event("after", List.of())).get().eventId();
            assertTrue(store.find(after).isPresent(), "the writer and the readers connected again, unnoticed");
        }
    }

    @Test
    void anUnreachableDatabaseIsNamedWithItsPasswordMasked() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        PostgresSettings nowhere = new PostgresSettings("jdbc:postgresql://127.0.0.1:" + port + "/hookline?password=hunter2",
                "hookline", "hunter2");
        StorageException e = assertThrows(StorageException.class, () -> PostgresEngine.open(nowhere));
        assertTrue(e.getMessage().contains("jdbc:postgresql://127.0.0.1:" + port + "/hookline?password=***"), e.getMessage());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
    }

    private Database open() {
        return Database.open(PostgresEngine.open(settings), WriterSettings.defaults(), Clock.systemUTC());
    }

    private static Thread sender(EventStore store, int keys, Random random,
            Map<String, CompletableFuture<Receipt>> receipts) {
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < keys; k++) {
            order.add(k);
        }
        Collections.shuffle(order, random);
        return new Thread(() -> order.forEach(k -> receipts.put("key-" + k, store.append(event("key-" + k, List.of())))));
    }

    /** Prunes bodies in small slices until a few in a row find nothing. */
    private static Thread pruner(Retention retention, List<Retention.Slice> slices) {
        return new Thread(() -> {
            int empty = 0;
            while (empty < 20) {
                Retention.Slice slice = retention.prune(Duration.ZERO, Duration.ofDays(30), 50).join();
                slices.add(slice);
                empty = slice.empty() ? empty + 1 : 0;
            }
        });
    }

    private static Thread claimer(DeliveryQueue queue, Set<String> claimed) {
        return new Thread(() -> {
            while (true) {
                List<ClaimedDelivery> batch = queue.claim(7, Duration.ofMinutes(5)).join();
                if (batch.isEmpty()) {
                    return;
                }
                batch.forEach(delivery -> assertTrue(claimed.add(delivery.eventId() + "/" + delivery.route())));
            }
        });
    }

    private void terminateHooklineConnections() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                    + " WHERE application_name = 'hookline' AND pid <> pg_backend_pid()");
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.username(), settings.password());
    }

    private static NewEvent event(String key, List<DeliveryTarget> targets) {
        return new NewEvent("gh", "github", key, "push", null, Map.of(), new byte[] {1}, targets);
    }
}
