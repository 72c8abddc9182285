package io.hookline.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

public abstract class EventStoreContract extends StoreContract {

    protected EventStoreContract(EngineUnderTest engine) {
        super(engine);
    }

    @Test
    public void appendStoresTheRawBodyAndHeadersExactly() throws Exception {
        byte[] body = "{\"text\":\"caf\u00e9 \\u00e9\",\"n\":1}\n".getBytes(StandardCharsets.UTF_8);
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            Receipt receipt = store.append(event("gh", "k1", body)).get();
            assertFalse(receipt.duplicate());
            assertTrue(receipt.eventId().matches("evt_[0-9A-HJKMNP-TV-Z]{26}"), receipt.eventId());
            StoredEvent stored = store.find(receipt.eventId()).orElseThrow();
            assertArrayEquals(body, stored.body());
            assertEquals(Map.of("x-github-event", "push", "user-agent", "GitHub-Hookshot/1"), stored.headers());
            assertEquals("push", stored.type());
            assertEquals("k1", stored.key());
            assertEquals(Instant.parse("2026-01-02T03:04:05Z"), stored.occurredAt());
        }
    }

    @Test
    public void theRequestIdIsStoredWithTheEventAndShownInItsDetail() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            NewEvent withId = new NewEvent("gh", "github", "k1", "push", null, Map.of(), new byte[] {1}, List.of(),
                    "req_0123456789abcdef01234567");
            String id = store.append(withId).get().eventId();
            String without = store.append(event("gh", "k2", new byte[] {2})).get().eventId();
            assertEquals("req_0123456789abcdef01234567", store.find(id).orElseThrow().requestId(),
                    "handlers are given the request id");
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            assertEquals("req_0123456789abcdef01234567", queries.detail(id).orElseThrow().requestId(),
                    "on-call reads it in the event's detail");
            assertNull(store.find(without).orElseThrow().requestId());
            assertNull(queries.detail(without).orElseThrow().requestId());
            NewEvent duplicate = new NewEvent("gh", "github", "k1", "push", null, Map.of(), new byte[] {1}, List.of(),
                    "req_another");
            assertEquals(id, store.append(duplicate).get().eventId());
            assertEquals("req_0123456789abcdef01234567", store.find(id).orElseThrow().requestId(),
                    "a duplicate's request does not replace the first one's");
        }
    }

    @Test
    public void routingNotesAreStoredWithTheEventAndShownInItsDetail() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            List<String> notes = List.of("route main-only: where failed: no such key: ref",
                    "route big-invoices: where failed: it reads body, and the body is not JSON");
            String noted = store.append(new NewEvent("gh", "github", "k1", "push", null, Map.of(), new byte[] {1}, List.of(),
                    null, notes)).get().eventId();
            String quiet = store.append(event("gh", "k2", new byte[] {2})).get().eventId();
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            assertEquals(notes, queries.detail(noted).orElseThrow().notes());
            assertEquals(List.of(), queries.detail(quiet).orElseThrow().notes());
        }
    }

    @Test
    public void sameKeyIsADuplicateOfTheFirstEventEvenAfterReopening() throws Exception {
        String firstId;
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            firstId = store.append(event("gh", "k1", new byte[] {1})).get().eventId();
            Receipt again = store.append(event("gh", "k1", new byte[] {2})).get();
            assertEquals(new Receipt(firstId, true), again);
        }
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            assertEquals(new Receipt(firstId, true), store.append(event("gh", "k1", new byte[] {3})).get());
            assertArrayEquals(new byte[] {1}, store.find(firstId).orElseThrow().body());
        }
        assertEquals(1, count("SELECT count(*) FROM events"));
    }

    @Test
    public void sameKeyOnAnotherSourceIsANewEvent() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            Receipt a = store.append(event("gh-a", "k1", new byte[0])).get();
            Receipt b = store.append(event("gh-b", "k1", new byte[0])).get();
            assertFalse(b.duplicate());
            assertNotEquals(a.eventId(), b.eventId());
        }
    }

    @Test
    public void concurrentAppendsOfRepeatedKeysStoreEachKeyOnceAndAgreeOnItsId() throws Exception {
        int keys = 300;
        List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            List<Thread> threads = new ArrayList<>();
            List<List<CompletableFuture<Receipt>>> perThread = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                List<CompletableFuture<Receipt>> mine = new ArrayList<>();
                perThread.add(mine);
                threads.add(new Thread(() -> {
                    for (int k = 0; k < keys; k++) {
                        mine.add(store.append(event("gh", "key-" + k, new byte[] {(byte) k})));
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
            perThread.forEach(receipts::addAll);
            CompletableFuture.allOf(receipts.toArray(CompletableFuture[]::new)).get();
        }
        long accepted = receipts.stream().filter(r -> !r.join().duplicate()).count();
        Set<String> ids = new HashSet<>();
        receipts.forEach(r -> ids.add(r.join().eventId()));
        assertEquals(keys, accepted, "each key is accepted exactly once");
        assertEquals(keys, ids.size(), "duplicates carry the first event's id");
        assertEquals(keys, count("SELECT count(*) FROM events"));
        assertEquals(keys, count("SELECT count(*) FROM idempotency_keys"));
    }

    @Test
    public void eventsAppendedTogetherAreCountedOnceEachBySourceStatusAndHour() throws Exception {
        Clock clock = Clock.fixed(Instant.parse("2026-03-04T05:06:07Z"), java.time.ZoneOffset.UTC);
        try (Database db = open(clock, new WriterSettings(512, 1_000, 64L << 20))) {
            EventStore store = new EventStore(db);
            WriterHeld gate = WriterHeld.by(db);
            List<CompletableFuture<Receipt>> batch = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                List<DeliveryTarget> targets = i % 3 == 0 ? List.of(new DeliveryTarget("ci", "forward")) : List.of();
                NewEvent plain = event(i % 2 == 0 ? "gh" : "st", "key-" + i, new byte[] {(byte) i});
                batch.add(store.append(new NewEvent(plain.source(), plain.provider(), plain.key(), plain.type(),
                        plain.occurredAt(), plain.headers(), plain.body(), targets)));
            }
            batch.add(store.append(event("gh", "key-0", new byte[] {0})));
            batch.add(db.write(context -> {
                context.statement("INSERT INTO no_such_table VALUES (1)").executeUpdate();
                return null;
            }).handle((ignored, failure) -> null));
            gate.release();
            CompletableFuture.allOf(batch.toArray(CompletableFuture[]::new)).get();
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PENDING, 5L, DeliveryStatus.PROCESSED, 10L),
                    "st", Map.of(DeliveryStatus.PENDING, 5L, DeliveryStatus.PROCESSED, 10L)),
                    queries.countsBySourceAndStatus(),
                    "a duplicate is not counted, nor twice what a batch ran again without its refused write");
            assertEquals(Map.of(Instant.parse("2026-03-04T05:00:00Z"),
                    Map.of(DeliveryStatus.PENDING, 10L, DeliveryStatus.PROCESSED, 20L)), queries.hourly(Instant.EPOCH));
        }
    }

    @Test
    public void appendsBeyondThePendingByteBudgetFailAtOnceWhileTheWriterIsBusy() throws Exception {
        try (Database db = open(Clock.systemUTC(), new WriterSettings(64, 100, 2_500))) {
            EventStore store = new EventStore(db);
            WriterHeld busy = WriterHeld.by(db);
            CompletableFuture<Receipt> first = store.append(event("gh", "big-1", new byte[2_000]));
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> store.append(event("gh", "big-2", new byte[2_000])).get());
            assertTrue(refused.getCause().getMessage().contains("waiting to be written"), refused.getCause().getMessage());
            assertEquals(1, db.refusedWrites(), "the refusal is counted, for the storage alert");
            busy.release();
            assertFalse(first.get().duplicate());
            assertFalse(store.append(event("gh", "big-2", new byte[2_000])).get().duplicate(), "the budget frees up");
        }
    }

    @Test
    public void aWriteTheDatabaseRefusesFailsAloneAndTheOthersOfItsBatchAreCommitted() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            WriterHeld gate = WriterHeld.by(db);
            CompletableFuture<Receipt> sameBatch = store.append(event("gh", "with-a-failure", new byte[] {1}));
            CompletableFuture<Object> failing = db.write(context -> {
                context.statement("INSERT INTO no_such_table VALUES (1)").executeUpdate();
                return null;
            });
            gate.release();
            ExecutionException failure = assertThrows(ExecutionException.class, failing::get);
            assertInstanceOf(StorageException.class, failure.getCause());
            Receipt stored = sameBatch.get();
            assertFalse(stored.duplicate(), "a webhook that shared its commit with the refused write is stored");
            Receipt again = store.append(event("gh", "with-a-failure", new byte[] {1})).get();
            assertTrue(again.duplicate(), "and was committed once");
            assertEquals(stored.eventId(), again.eventId());
            store.checkWritable().get();
            assertEquals(1, db.refusedWrites(), "only the refused write is counted, not its batch");
        }
        assertEquals(1, count("SELECT count(*) FROM events"));
    }

    @Test
    public void bodiesAreStoredCompressedWhenThatIsSmallerAndComeBackExactly() throws Exception {
        StringBuilder json = new StringBuilder("{\"commits\":[");
        for (int i = 0; i < 60; i++) {
            json.append("{\"id\":\"").append(Integer.toHexString(i * 7919)).append("\",\"message\":\"Fix caf\u00e9 #")
                    .append(i).append("\",\"author\":{\"name\":\"Octocat\",\"email\":\"octocat@github.com\"}},");
        }
        byte[] text = json.append("{}]}\n").toString().getBytes(StandardCharsets.UTF_8);
        byte[] noise = new byte[2_000];
        new Random(7).nextBytes(noise);
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            String textId = store.append(event("gh", "text", text)).get().eventId();
            String noiseId = store.append(event("gh", "noise", noise)).get().eventId();
            String emptyId = store.append(event("gh", "empty", new byte[0])).get().eventId();
            assertArrayEquals(text, store.find(textId).orElseThrow().body());
            assertArrayEquals(noise, store.find(noiseId).orElseThrow().body());
            assertArrayEquals(new byte[0], store.find(emptyId).orElseThrow().body());
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            assertEquals(text.length, queries.detail(textId).orElseThrow().bodySize(), "the size as received");
            assertEquals(noise.length, queries.detail(noiseId).orElseThrow().bodySize());
        }
        assertTrue(count("SELECT length(body) FROM events WHERE idempotency_key = 'text'") < text.length / 4,
                "a JSON body is stored compressed");
        assertEquals(noise.length, count("SELECT length(body) FROM events WHERE idempotency_key = 'noise'"),
                "a body that does not shrink is stored as it came");
    }

    @Test
    public void schemaIsMigratedOnceAndReopeningKeepsIt() throws Exception {
        open().close();
        long scripts = count("SELECT count(*) FROM flyway_schema_history WHERE success");
        open().close();
        assertTrue(scripts > 0);
        assertEquals(scripts, count("SELECT count(*) FROM flyway_schema_history WHERE success"), "each script once");
    }

    @Test
    public void appendAfterCloseFailsInsteadOfHanging() {
        Database db = open();
        EventStore store = new EventStore(db);
        db.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> store.append(event("gh", "late", new byte[0])).get());
        assertInstanceOf(StorageException.class, e.getCause());
    }

    /** Holds the writer thread until the test lets it go. */
    /** The writer held by a write that waits until released, so that the writes queued meanwhile share one batch. */
    private record WriterHeld(CountDownLatch released, CompletableFuture<Void> write) {

        static WriterHeld by(Database db) throws InterruptedException {
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Void> write = db.write(context -> {
                holding.countDown();
                awaitQuietly(release);
                return null;
            });
            holding.await();
            return new WriterHeld(release, write);
        }

        /** Lets the writer go on, and waits for the holding write's commit. */
        void release() throws Exception {
            released.countDown();
            write.get();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    public void anyTextASenderPutsInAKeyOrATypeIsStoredAndReadBackExactly() throws Exception {
        List<String> texts = List.of("a\u0000b", "opened\nx", "\u958b\u304f", "\uD83D\uDE80 launch", "100%",
                "\uFFFFmarked", "\u0000");
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            for (String text : texts) {
                NewEvent sent = new NewEvent("gh", "github", text, text, null, Map.of(), new byte[] {1}, List.of());
                Receipt stored = store.append(sent).get();
                assertFalse(stored.duplicate(), "stored: " + text);
                assertTrue(store.append(sent).get().duplicate(), "the same key again is a duplicate: " + text);
                StoredEvent found = store.find(stored.eventId()).orElseThrow();
                assertEquals(text, found.key(), "the key as sent");
                assertEquals(text, found.type(), "the type as sent");
                assertEquals(stored.eventId(), queries.byKey("gh", text).orElseThrow().id(), "found by its key: " + text);
                assertEquals(Set.of(text), new ReconcileLog(db, null).storedKeys("gh", List.of(text, text + "-other")),
                        "the keys are read without the runs");
            }
            assertTrue(queries.byKey("gh", "a").isEmpty(), "a key is not found by a part of it");
        }
    }

    private static NewEvent event(String source, String key, byte[] body) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("x-github-event", "push");
        headers.put("user-agent", "GitHub-Hookshot/1");
        return new NewEvent(source, "github", key, "push", Instant.parse("2026-01-02T03:04:05Z"), headers, body, List.of());
    }
}
