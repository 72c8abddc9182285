package io.hookline.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.StoredEvent;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EventStoreTest {

    @TempDir
    Path dataDir;

    @Test
    void appendStoresTheRawBodyAndHeadersExactly() throws Exception {
        byte[] body = "{\"text\":\"caf\u00e9 \\u00e9\",\"n\":1}\n".getBytes(StandardCharsets.UTF_8);
        try (SqliteDatabase db = open()) {
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
    void sameKeyIsADuplicateOfTheFirstEventEvenAfterReopening() throws Exception {
        String firstId;
        try (SqliteDatabase db = open()) {
            EventStore store = new EventStore(db);
            firstId = store.append(event("gh", "k1", new byte[] {1})).get().eventId();
            Receipt again = store.append(event("gh", "k1", new byte[] {2})).get();
            assertEquals(new Receipt(firstId, true), again);
        }
        try (SqliteDatabase db = open()) {
            EventStore store = new EventStore(db);
            assertEquals(new Receipt(firstId, true), store.append(event("gh", "k1", new byte[] {3})).get());
            assertArrayEquals(new byte[] {1}, store.find(firstId).orElseThrow().body());
        }
        assertEquals(1, count("SELECT count(*) FROM events"));
    }

    @Test
    void sameKeyOnAnotherSourceIsANewEvent() throws Exception {
        try (SqliteDatabase db = open()) {
            EventStore store = new EventStore(db);
            Receipt a = store.append(event("gh-a", "k1", new byte[0])).get();
            Receipt b = store.append(event("gh-b", "k1", new byte[0])).get();
            assertFalse(b.duplicate());
            assertNotEquals(a.eventId(), b.eventId());
        }
    }

    @Test
    void concurrentAppendsOfRepeatedKeysStoreEachKeyOnceAndAgreeOnItsId() throws Exception {
        int keys = 300;
        List<CompletableFuture<Receipt>> receipts = new ArrayList<>();
        try (SqliteDatabase db = open()) {
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
    void appendFailsAndStoresNothingWhileAnotherProcessHoldsTheWriteLock() throws Exception {
        StoreSettings settings = new StoreSettings(dataDir, "FULL", Duration.ofMillis(200), 64, 100,
                StoreSettings.DEFAULT_MAX_PENDING_BYTES);
        try (SqliteDatabase db = SqliteDatabase.open(settings, Clock.systemUTC());
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + settings.databaseFile())) {
            EventStore store = new EventStore(db);
            try (Statement lock = other.createStatement()) {
                lock.execute("BEGIN IMMEDIATE");
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> store.append(event("gh", "locked", new byte[0])).get());
                assertInstanceOf(StorageException.class, failure.getCause());
                assertThrows(ExecutionException.class, () -> store.checkWritable().get());
                lock.execute("ROLLBACK");
            }
            Receipt retried = store.append(event("gh", "locked", new byte[0])).get();
            assertFalse(retried.duplicate(), "the failed attempt left no key behind");
            store.checkWritable().get();
        }
        assertEquals(1, count("SELECT count(*) FROM events"));
    }

    @Test
    void appendsBeyondThePendingByteBudgetFailAtOnceWhileTheWriterIsHeld() throws Exception {
        StoreSettings settings = new StoreSettings(dataDir, "FULL", Duration.ofSeconds(5), 64, 100, 2_500);
        try (SqliteDatabase db = SqliteDatabase.open(settings, Clock.systemUTC());
                Connection other = DriverManager.getConnection("jdbc:sqlite:" + settings.databaseFile());
                Statement lock = other.createStatement()) {
            EventStore store = new EventStore(db);
            lock.execute("BEGIN IMMEDIATE");
            CompletableFuture<Receipt> first = store.append(event("gh", "big-1", new byte[2_000]));
            ExecutionException refused = assertThrows(ExecutionException.class,
                    () -> store.append(event("gh", "big-2", new byte[2_000])).get());
            assertTrue(refused.getCause().getMessage().contains("waiting to be written"), refused.getCause().getMessage());
            lock.execute("ROLLBACK");
            assertFalse(first.get().duplicate());
            assertFalse(store.append(event("gh", "big-2", new byte[2_000])).get().duplicate(), "the budget frees up");
        }
    }

    @Test
    void schemaIsMigratedOnceAndReopeningKeepsIt() throws Exception {
        open().close();
        open().close();
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet applied = statement.executeQuery(
                        "SELECT count(*), max(version) FROM flyway_schema_history WHERE success = 1")) {
            assertEquals(4, applied.getInt(1), "each script once");
            assertEquals("4", applied.getString(2));
            assertEquals(4, Migrations.userVersion(connection), "user_version follows, for releases before Flyway");
        }
    }

    @Test
    void databaseFromANewerHooklineIsRefusedWithAClearMessage() throws Exception {
        open().close();
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = 99");
        }
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains("version 99"), e.getMessage());
    }

    @Test
    void appendAfterCloseFailsInsteadOfHanging() {
        SqliteDatabase db = open();
        EventStore store = new EventStore(db);
        db.close();
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> store.append(event("gh", "late", new byte[0])).get());
        assertInstanceOf(StorageException.class, e.getCause());
    }

    @Test
    void walModeAndFullSyncAreInForce() throws Exception {
        try (SqliteDatabase db = open(); Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet journal = statement.executeQuery("PRAGMA journal_mode")) {
            assertEquals("wal", journal.getString(1));
        }
        assertTrue(StoreSettings.defaults(dataDir).jdbcUrl().contains("synchronous=FULL"));
    }

    private SqliteDatabase open() {
        return SqliteDatabase.open(StoreSettings.defaults(dataDir), Clock.systemUTC());
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(StoreSettings.FILE_NAME));
    }

    private long count(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            return rows.getLong(1);
        }
    }

    private static NewEvent event(String source, String key, byte[] body) {
        Map<String, String> headers = new java.util.LinkedHashMap<>();
        headers.put("x-github-event", "push");
        headers.put("user-agent", "GitHub-Hookshot/1");
        return new NewEvent(source, "github", key, "push", Instant.parse("2026-01-02T03:04:05Z"), headers, body, List.of());
    }
}
