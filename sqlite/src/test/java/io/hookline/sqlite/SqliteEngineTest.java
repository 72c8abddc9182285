package io.hookline.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.store.Database;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.Receipt;
import io.hookline.store.StorageException;
import io.hookline.store.WriterSettings;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What only SQLite has: a file another process may lock, pragmas, and the version kept in the file. */
class SqliteEngineTest {

    @TempDir
    Path dataDir;

    @Test
    void appendFailsAndStoresNothingWhileAnotherProcessHoldsTheWriteLock() throws Exception {
        SqliteSettings settings = new SqliteSettings(dataDir, "FULL", Duration.ofMillis(200));
        try (Database db = Database.open(SqliteEngine.open(settings), new WriterSettings(64, 100, 1 << 20), Clock.systemUTC());
                Connection other = connect()) {
            EventStore store = new EventStore(db);
            try (Statement lock = other.createStatement()) {
                lock.execute("BEGIN IMMEDIATE");
                ExecutionException failure = assertThrows(ExecutionException.class,
                        () -> store.append(event("locked")).get());
                assertInstanceOf(StorageException.class, failure.getCause());
                assertThrows(ExecutionException.class, () -> store.checkWritable().get());
                lock.execute("ROLLBACK");
            }
            Receipt retried = store.append(event("locked")).get();
            assertFalse(retried.duplicate(), "the failed attempt left no key behind");
            store.checkWritable().get();
        }
    }

    @Test
    void userVersionFollowsTheSchemaForReleasesBeforeFlyway() throws Exception {
        open().close();
        try (Connection connection = connect()) {
            assertEquals(23, Migrations.userVersion(connection));
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
    void walModeAndFullSyncAreInForce() throws Exception {
        try (Database db = open(); Connection connection = connect();
                Statement statement = connection.createStatement();
                ResultSet journal = statement.executeQuery("PRAGMA journal_mode")) {
            assertEquals("wal", journal.getString(1));
            assertTrue(db.description().contains("synchronous=FULL"), db.description());
        }
        assertTrue(SqliteSettings.defaults(dataDir).jdbcUrl().contains("synchronous=FULL"));
    }

    @Test
    void aNewDatabaseHasFourKibPages() throws Exception {
        open().close();
        assertEquals(4096, pageSize());
    }

    @Test
    void aDatabaseMadeWithSixteenKibPagesKeepsThemAndItsEvents() throws Exception {
        try (Connection earlier = connect(); Statement statement = earlier.createStatement()) {
            statement.execute("PRAGMA page_size = 16384");
            statement.execute("PRAGMA journal_mode = WAL");
        }
        byte[] body = "{\"zen\":\"Keep it logically awesome.\"}".repeat(300).getBytes(StandardCharsets.UTF_8);
        String id;
        try (Database db = open()) {
            id = new EventStore(db).append(new NewEvent("gh", "github", "kept", "push", null, Map.of(), body, List.of()))
                    .get().eventId();
        }
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            assertArrayEquals(body, store.find(id).orElseThrow().body());
            assertTrue(store.append(new NewEvent("gh", "github", "kept", "push", null, Map.of(), body, List.of()))
                    .get().duplicate());
        }
        assertEquals(16384, pageSize());
    }

    @Test
    void theWarmUpReadsEveryKeyWhileTheStoreWorks() throws Exception {
        try (Database db = open()) {
            EventStore store = new EventStore(db);
            for (int i = 0; i < 300; i++) {
                store.append(event("delivery-" + i)).get();
            }
        }
        SqliteEngine engine = SqliteEngine.open(SqliteSettings.defaults(dataDir));
        try (Database db = Database.open(engine, WriterSettings.defaults(), Clock.systemUTC())) {
            db.warmUp();
            assertEquals(300L, engine.keyIndexWarmUp().keysRead().get(10, TimeUnit.SECONDS));
            assertTrue(new EventStore(db).append(event("delivery-7")).get().duplicate());
        }
    }

    @Test
    void closingTheStoreRightAfterItOpensEndsTheWarmUp() throws Exception {
        SqliteEngine engine = SqliteEngine.open(SqliteSettings.defaults(dataDir));
        Database db = Database.open(engine, WriterSettings.defaults(), Clock.systemUTC());
        db.warmUp();
        db.close();
        // Either it finished or it was stopped; either way nothing is left running or waiting.
        assertTrue(engine.keyIndexWarmUp().keysRead().isDone());
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("hookline-sqlite-warm-up")));
    }

    private long pageSize() throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("PRAGMA page_size")) {
            return row.getLong(1);
        }
    }

    private Database open() {
        return Database.open(SqliteEngine.open(SqliteSettings.defaults(dataDir)), WriterSettings.defaults(), Clock.systemUTC());
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteSettings.FILE_NAME));
    }

    private static NewEvent event(String key) {
        return new NewEvent("gh", "github", key, "push", null, Map.of(), new byte[0], List.of());
    }
}
