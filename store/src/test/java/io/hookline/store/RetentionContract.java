package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention over weeks of a moved clock: what goes, what stays, and that the counters follow. */
public abstract class RetentionContract extends StoreContract {

    protected RetentionContract(EngineUnderTest engine) {
        super(engine);
    }

    private static final Duration BODIES = Duration.ofDays(7);
    private static final Duration KEYS = Duration.ofDays(30);
    private static final List<DeliveryTarget> ROUTE = List.of(new DeliveryTarget("ci", "forward"));

    private final SettableClock clock = new SettableClock(Instant.parse("2026-09-01T10:00:00Z"));

    @Test
    public void bodiesGoAfterTheirRetentionThenProcessedEventsWithTheirKeysAndEverythingElseStays() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            Retention retention = new Retention(db);

            List<CompletableFuture<Receipt>> old = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                old.add(store.append(event("gh", "old-" + i, List.of())));
            }
            String dead = store.append(event("gh", "dead", ROUTE)).get().eventId();
            finish(queue, DeliveryStatus.DEAD);
            String handled = store.append(event("st", "handled", ROUTE)).get().eventId();
            finish(queue, DeliveryStatus.PROCESSED);
            CompletableFuture.allOf(old.toArray(CompletableFuture[]::new)).get();

            clock.advance(Duration.ofDays(8));
            String recent = store.append(event("gh", "recent", List.of())).get().eventId();
            Totals first = pruneUntilDone(retention, 50);
            assertEquals(new Totals(301, 0), first.withoutSlices(), "the 300 old bodies and the handled event's");
            assertTrue(first.largestSlice <= 50, "no slice prunes more than its size");
            assertNull(store.find(handled).orElseThrow().body());
            assertNotNull(store.find(dead).orElseThrow().body(), "a dead event keeps its body for replay");
            assertNotNull(store.find(recent).orElseThrow().body(), "a body younger than the retention stays");
            assertCountersMatchTheTable(queries);

            clock.advance(Duration.ofDays(23));
            Totals second = pruneUntilDone(retention, 64);
            assertEquals(new Totals(1, 301), second.withoutSlices(), "the recent body; the old processed events");
            assertTrue(store.find(handled).isEmpty());
            assertEquals(0, count("SELECT count(*) FROM deliveries WHERE event_id = ?", handled));
            assertEquals(0, count("SELECT count(*) FROM attempts WHERE event_id = ?", handled));
            assertEquals(0, count("SELECT count(*) FROM idempotency_keys WHERE key LIKE 'old-%'"));
            assertFalse(store.append(event("gh", "old-7", List.of())).get().duplicate(),
                    "a key past its retention is forgotten with its event");
            assertTrue(store.find(dead).isPresent(), "a dead event is never pruned");
            assertEquals(new Receipt(dead, true), store.append(event("gh", "dead", List.of())).get(),
                    "and neither is its key");
            assertTrue(store.find(recent).isPresent(), "younger than the key retention");
            assertCountersMatchTheTable(queries);
        }
    }

    @Test
    public void countersFollowEveryChangeOfStatusAndSurviveReopening() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            String id = store.append(event("gh", "k1", ROUTE)).get().eventId();
            store.append(event("st", "k2", List.of())).get();
            clock.advance(Duration.ofHours(2));
            store.append(event("gh", "k3", List.of())).get();
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PENDING, 1L, DeliveryStatus.PROCESSED, 1L),
                    "st", Map.of(DeliveryStatus.PROCESSED, 1L)), queries.countsBySourceAndStatus());
            finish(queue, DeliveryStatus.DEAD);
            assertEquals(Map.of(DeliveryStatus.DEAD, 1L, DeliveryStatus.PROCESSED, 1L),
                    queries.countsBySourceAndStatus().get("gh"));
            queue.replay(id, ROUTE, ReplayRequest.of(ReplayChoice.ALL)).get();
            assertCountersMatchTheTable(queries);
            Map<Instant, Map<DeliveryStatus, Long>> hours = queries.hourly(clock.instant().minus(Duration.ofHours(24)));
            assertEquals(Map.of(
                    Instant.parse("2026-09-01T10:00:00Z"), Map.of(DeliveryStatus.PENDING, 1L, DeliveryStatus.PROCESSED, 1L),
                    Instant.parse("2026-09-01T12:00:00Z"), Map.of(DeliveryStatus.PROCESSED, 1L)), hours);
        }
        try (Database db = open(clock)) {
            assertCountersMatchTheTable(new EventQueries(db, new JdbcReplayRecords()));
        }
    }

    @Test
    public void aFetchedFormIsKeptOnceAndGoesWithItsEventsBody() throws Exception {
        try (Database db = open(clock)) {
            EventStore store = new EventStore(db);
            DeliveryQueue queue = new DeliveryQueue(db, "test-instance", new JdbcReplayRecords());
            FetchedEvents fetched = new FetchedEvents(db);
            Retention retention = new Retention(db);
            String thin = store.append(event("st", "evt_thin", ROUTE)).get().eventId();
            finish(queue, DeliveryStatus.PROCESSED);
            String dead = store.append(event("st", "evt_dead", ROUTE)).get().eventId();
            finish(queue, DeliveryStatus.DEAD);
            byte[] full = "{\"id\":\"evt_thin\",\"data\":{}}".repeat(40).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            fetched.keep(thin, full).get();
            fetched.keep(thin, new byte[] {9}).get();
            fetched.keep(dead, new byte[] {7}).get();
            assertEquals(new String(full, java.nio.charset.StandardCharsets.UTF_8),
                    new String(fetched.find(thin).orElseThrow(), java.nio.charset.StandardCharsets.UTF_8), "the first kept stays");
            assertTrue(fetched.find("evt_none").isEmpty());

            clock.advance(Duration.ofDays(8));
            pruneUntilDone(retention, 50);
            assertTrue(fetched.find(thin).isEmpty(), "pruned with the processed event's body");
            assertTrue(fetched.find(dead).isPresent(), "a dead event keeps its fetched form for replay");
        }
    }

    private static void finish(DeliveryQueue queue, DeliveryStatus next) throws Exception {
        ClaimedDelivery delivery = queue.claim(1, Duration.ofMinutes(1)).get().get(0);
        queue.finish(new AttemptResult(delivery, Instant.now(), Duration.ofMillis(2), next,
                next == DeliveryStatus.DEAD ? "downstream_rejected" : null, next == DeliveryStatus.DEAD ? "HTTP 400" : null,
                null)).get();
    }

    private record Totals(int bodies, int events, int largestSlice) {
        Totals(int bodies, int events) {
            this(bodies, events, 0);
        }

        Totals withoutSlices() {
            return new Totals(bodies, events);
        }
    }

    private static Totals pruneUntilDone(Retention retention, int size) throws Exception {
        int bodies = 0;
        int events = 0;
        int largest = 0;
        for (int slices = 0; slices < 1_000; slices++) {
            Retention.Slice slice = retention.prune(BODIES, KEYS, size).get();
            if (slice.empty()) {
                return new Totals(bodies, events, largest);
            }
            bodies += slice.bodies();
            events += slice.events();
            largest = Math.max(largest, Math.max(slice.bodies(), slice.events()));
        }
        throw new AssertionError("retention never finished");
    }

    /** The counters say what a full count of the table says, per source and per hour. */
    private void assertCountersMatchTheTable(EventQueries queries) throws SQLException {
        Map<String, Map<DeliveryStatus, Long>> bySource = new TreeMap<>();
        Map<Instant, Map<DeliveryStatus, Long>> byHour = new TreeMap<>();
        try (Connection connection = connect();
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT source, status, count(*) FROM events GROUP BY 1, 2")) {
                while (rows.next()) {
                    bySource.computeIfAbsent(rows.getString(1), s -> new TreeMap<>())
                            .put(DeliveryStatus.of(rows.getString(2)), rows.getLong(3));
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "SELECT received_at / 3600000 * 3600000, status, count(*) FROM events GROUP BY 1, 2")) {
                while (rows.next()) {
                    byHour.computeIfAbsent(Instant.ofEpochMilli(rows.getLong(1)), h -> new TreeMap<>())
                            .put(DeliveryStatus.of(rows.getString(2)), rows.getLong(3));
                }
            }
        }
        assertEquals(bySource, queries.countsBySourceAndStatus());
        assertEquals(byHour, queries.hourly(Instant.EPOCH));
    }

    private static NewEvent event(String source, String key, List<DeliveryTarget> targets) {
        return new NewEvent(source, "github", key, "push", null, Map.of(), new byte[] {1, 2, 3}, targets);
    }
}
