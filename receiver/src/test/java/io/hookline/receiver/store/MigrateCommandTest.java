package io.hookline.receiver.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.PostgresEngine;
import io.hookline.postgres.TestPostgres;
import io.hookline.receiver.testing.GitHubDelivery;
import io.hookline.sqlite.SqliteEngine;
import io.hookline.sqlite.SqliteSettings;
import io.hookline.store.AttemptAnswer;
import io.hookline.store.AttemptResult;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.DeliveryTarget;
import io.hookline.store.EventDetail;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import io.hookline.store.FetchedEvents;
import io.hookline.store.JdbcReplayRecords;
import io.hookline.store.NewEvent;
import io.hookline.store.Receipt;
import io.hookline.store.ReplayChoice;
import io.hookline.store.ReplayRequest;
import io.hookline.store.Retention;
import io.hookline.store.Subscription;
import io.hookline.store.SubscriptionStore;
import io.hookline.store.WriterSettings;
import io.micronaut.context.ApplicationContext;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code migrate --to}: a SQLite store copied into PostgreSQL keeps every event, key, delivery and attempt. */
class MigrateCommandTest {

    private static final byte[] FETCHED = "{\"id\":\"evt_thin\",\"data\":{}}".getBytes(StandardCharsets.UTF_8);
    private static final List<DeliveryTarget> ROUTE = List.of(new DeliveryTarget("ci", "forward"));

    @TempDir
    Path dataDir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @Test
    void aSqliteStoreIsCopiedWholeAndTheReceiverGoesOnFromItOnPostgres() throws Exception {
        String dead;
        String pending;
        byte[] body = GitHubDelivery.payload("push.json");
        Map<String, Map<DeliveryStatus, Long>> countsBefore;
        // Subscriptions are kept through the receiver's repositories, so a receiver writes them, before
        // the rest is written straight into the same store.
        try (ApplicationContext receiver = receiver(Map.of())) {
            SubscriptionStore subscriptions = receiver.getBean(SubscriptionStore.class);
            subscriptions.create(subscription("sub_1", "billing")).get();
            subscriptions.create(subscription("sub_2", "legacy")).get();
            subscriptions.failing("sub_1", Instant.ofEpochMilli(1_000)).get();
        }
        try (Database sqlite = sqlite()) {
            EventStore store = new EventStore(sqlite);
            List<CompletableFuture<Receipt>> processed = new ArrayList<>();
            for (int i = 0; i < 2_500; i++) {
                processed.add(store.append(event("processed-" + i, body, List.of())));
            }
            CompletableFuture.allOf(processed.toArray(CompletableFuture[]::new)).get();
            dead = store.append(event("dead", body, ROUTE)).get().eventId();
            DeliveryQueue queue = new DeliveryQueue(sqlite, "old-vm", new JdbcReplayRecords());
            ClaimedDelivery claimed = queue.claim(1, Duration.ofMinutes(1)).get().get(0);
            queue.finish(new AttemptResult(claimed, Instant.now(), Duration.ofMillis(7), DeliveryStatus.DEAD,
                    "downstream_rejected", "HTTP 400", null, new AttemptAnswer(400, "https://target.example/hooks",
                    Map.of("content-type", "text/plain"), "no such hook", 6))).get();
            queue.replay(dead, ROUTE, new ReplayRequest(ReplayChoice.FAILED, ReplayRequest.DASHBOARD, true, null)).get();
            pending = store.append(event("pending", body, ROUTE)).get().eventId();
            new FetchedEvents(sqlite).keep(pending, FETCHED).get();
            queue.claim(1, Duration.ofMinutes(5)).get();
            Thread.sleep(5);
            new Retention(sqlite).prune(Duration.ZERO, Duration.ofDays(30), 100).get();
            countsBefore = new EventQueries(sqlite, new JdbcReplayRecords()).countsBySourceAndStatus();
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                Statement statement = connection.createStatement()) {
            // What a release before header sealing stored: the value in clear, nothing sealed.
            statement.executeUpdate("UPDATE subscriptions SET headers = 'authorization: Bearer old\n', sealed_headers = NULL"
                    + " WHERE id = 'sub_2'");
        }

        String url = TestPostgres.server().newDatabase();
        int status = MigrateCommand.run(new String[] {"migrate", "--to", url, "--user", "postgres", "--data-dir",
                dataDir.toString()}, Map.of(), print(out), print(err));
        assertEquals(0, status, text(err));
        assertTrue(text(out).contains("Counts match; committed"), text(out));
        assertTrue(text(out).matches("(?s).*events\\s+2,502.*idempotency_keys\\s+2,502.*deliveries\\s+2.*attempts\\s+1.*"),
                text(out));

        try (Database postgres = Database.open(PostgresEngine.open(TestPostgres.server().settings(url)),
                WriterSettings.defaults(), Clock.systemUTC())) {
            EventQueries queries = new EventQueries(postgres, new JdbcReplayRecords());
            assertEquals(countsBefore, queries.countsBySourceAndStatus(), "the counters start where SQLite's were");
            EventDetail deadEvent = queries.detail(dead).orElseThrow();
            assertEquals(DeliveryStatus.DEAD, deadEvent.summary().status());
            assertEquals("old-vm", deadEvent.attempts().get(0).instance());
            assertEquals("HTTP 400", deadEvent.attempts().get(0).message());
            assertEquals("req_dead", deadEvent.requestId(), "the request id is copied with its event");
            assertEquals(new AttemptAnswer(400, "https://target.example/hooks", Map.of("content-type", "text/plain"),
                    "no such hook", 6), deadEvent.attempts().get(0).answer(), "what the target answered is copied too");
            EventStore store = new EventStore(postgres);
            assertArrayEquals(body, store.find(pending).orElseThrow().body(), "bodies are copied byte for byte");
            assertArrayEquals(FETCHED, new FetchedEvents(postgres).find(pending).orElseThrow(), "and fetched full forms");
            assertEquals(new Receipt(dead, true), store.append(event("dead", body, List.of())).get(),
                    "keys keep deduplicating");
            List<ClaimedDelivery> free = new DeliveryQueue(postgres, "new-vm", new JdbcReplayRecords()).claim(10, Duration.ofMinutes(1)).get();
            assertEquals(List.of(pending), free.stream().map(ClaimedDelivery::eventId).toList(),
                    "the old receiver's claims are not copied: its unfinished delivery runs on PostgreSQL");
            EventDetail.Replay dryRun = deadEvent.replays().get(0);
            assertEquals(List.of("dashboard", true, List.of("ci")), List.of(dryRun.startedBy(), dryRun.dryRun(), dryRun.routes()),
                    "the replay history is copied");
            new DeliveryQueue(postgres, "new-vm", new JdbcReplayRecords()).replay(dead, ROUTE, ReplayRequest.of(ReplayChoice.FAILED)).get();
            List<EventDetail.Replay> history = queries.detail(dead).orElseThrow().replays();
            assertEquals(2, history.size(), "a replay on PostgreSQL takes an id after the copied ones: " + history);
        }

        try (ApplicationContext receiver = receiver(Map.of("datasources.default.url", url,
                "datasources.default.username", "postgres"))) {
            SubscriptionStore subscriptions = receiver.getBean(SubscriptionStore.class);
            Subscription billing = subscriptions.find("sub_1").orElseThrow();
            assertArrayEquals(SEALED_HEADERS, billing.headers().sealed(), "sealed headers are copied as sealed");
            assertEquals(List.of("authorization"), billing.headers().names());
            assertEquals(POLICY, billing.policy());
            assertEquals(SIGNING, billing.signing(), "the signing scheme and public key are copied");
            assertEquals("fetched", billing.eventForm(), "and the event form");
            assertEquals(Instant.ofEpochMilli(1_000), billing.failingSince());
            assertEquals(Map.of("sub_2", Map.of("authorization", "Bearer old")), subscriptions.clearHeaders(),
                    "headers still in clear are copied for the receiver to seal at its first start on PostgreSQL");
        }

        ByteArrayOutputStream again = new ByteArrayOutputStream();
        assertEquals(1, MigrateCommand.run(new String[] {"migrate", "--to", url, "--user", "postgres", "--data-dir",
                dataDir.toString()}, Map.of(), print(out), print(again)));
        assertTrue(text(again).contains("already holds Hookline data; migrate into an empty database"), text(again));
    }

    @Test
    void badArgumentsAreExplainedAndThePasswordIsNeverPrinted() {
        assertEquals(64, MigrateCommand.run(new String[] {"migrate"}, Map.of(), print(out), print(err)), "EX_USAGE");
        assertTrue(text(err).contains("--to is required"), text(err));
        assertEquals(64, MigrateCommand.run(new String[] {"migrate", "--to"}, Map.of(), print(out), print(err)));
        assertTrue(text(err).contains("--to needs a value"), text(err));
        assertEquals(0, MigrateCommand.run(new String[] {"migrate", "--help"}, Map.of(), print(out), print(err)));
        assertTrue(text(out).startsWith("usage: java -jar hookline.jar migrate --to"), text(out));
        assertEquals(64, MigrateCommand.run(new String[] {"migrate", "--to", "jdbc:mysql://db/x?password=hunter2"},
                Map.of(), print(out), print(err)));
        assertTrue(text(err).contains("must be a jdbc:postgresql:// URL"), text(err));
        assertEquals(1, MigrateCommand.run(new String[] {"migrate", "--to", "jdbc:postgresql://127.0.0.1:1/x?password=hunter2",
                "--data-dir", dataDir.toString()}, Map.of("DATASOURCES_DEFAULT_PASSWORD", "hunter2"), print(out), print(err)));
        assertTrue(text(err).contains("there is no Hookline database at"), text(err));
        assertFalse(text(out).contains("Copying"), "a refused copy never says it is copying: " + text(out));
        assertTrue(!text(out).contains("hunter2") && !text(err).contains("hunter2"), text(out) + text(err));
    }

    private static final byte[] SEALED_HEADERS = {1, 2, 3};
    private static final Subscription.Policy POLICY = new Subscription.Policy(Duration.ofSeconds(60),
            List.of(Duration.ofSeconds(1), Duration.ofMinutes(2)));

    private static final Subscription.Signing SIGNING = new Subscription.Signing(Subscription.Scheme.ED25519,
            "whpk_" + "A".repeat(43) + "=");

    private static Subscription subscription(String id, String name) {
        Instant now = Instant.ofEpochMilli(500);
        return new Subscription(id, name, "https://example.com/hooks", List.of("*"),
                new Subscription.Headers(List.of("authorization"), SEALED_HEADERS), null, true, new byte[] {9}, null, null,
                now, now, null, null, POLICY, SIGNING, null, "fetched");
    }

    /** The receiver's beans on the store of the data directory, or on {@code datasources.default.url}; no server. */
    private ApplicationContext receiver(Map<String, Object> storage) {
        Map<String, Object> properties = new HashMap<>(storage);
        properties.put("hookline.data-dir", dataDir.toString());
        properties.put("hookline.plugins-dir", dataDir.resolve("plugins").toString());
        return ApplicationContext.run(properties);
    }

    private Database sqlite() {
        return Database.open(SqliteEngine.open(SqliteSettings.defaults(dataDir)), WriterSettings.defaults(), Clock.systemUTC());
    }

    private static NewEvent event(String key, byte[] body, List<DeliveryTarget> targets) {
        return new NewEvent("gh", "github", key, "push", null, Map.of("x-github-event", "push"), body, targets,
                "req_" + key);
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
