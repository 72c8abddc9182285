package io.hookline.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written by the previous release opens, keeps its events, and gets its counters. */
class MigrationTest {

    @TempDir
    Path dataDir;

    @Test
    void aVersionOneDatabaseIsUpgradedWithItsEventsCounted() throws Exception {
        Files.createDirectories(dataDir);
        try (Connection old = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                Statement statement = old.createStatement()) {
            for (String sql : Migrations.statements(script("V1__schema.sql"))) {
                statement.execute(sql);
            }
            statement.execute("PRAGMA user_version = 1");
            long hour = Instant.parse("2026-11-01T05:00:00Z").toEpochMilli();
            statement.execute("INSERT INTO events (id, source, provider, event_type, idempotency_key, received_at,"
                    + " headers, body, status) VALUES"
                    + " ('evt_01', 'gh', 'github', 'push', 'a', " + (hour + 10) + ", '', x'01', 'processed'),"
                    + " ('evt_02', 'gh', 'github', 'push', 'b', " + (hour + 20) + ", '', x'01', 'dead'),"
                    + " ('evt_03', 'st', 'stripe', 'charge.succeeded', 'c', " + (hour + 3_600_000) + ", '', x'01', 'processed')");
            statement.execute("INSERT INTO idempotency_keys VALUES ('gh', 'a', 'evt_01', 0)");
        }
        try (SqliteDatabase db = SqliteDatabase.open(StoreSettings.defaults(dataDir), Clock.systemUTC())) {
            EventQueries queries = new EventQueries(db);
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PROCESSED, 1L, DeliveryStatus.DEAD, 1L),
                    "st", Map.of(DeliveryStatus.PROCESSED, 1L)), queries.countsBySourceAndStatus());
            assertEquals(2, queries.hourly(Instant.parse("2026-11-01T00:00:00Z")).size());
            EventStore store = new EventStore(db);
            assertEquals(new Receipt("evt_01", true),
                    store.append(new NewEvent("gh", "github", "a", "push", null, Map.of(), new byte[0], List.of())).get(),
                    "keys stored before the upgrade still deduplicate");
            assertTrue(store.find("evt_02").isPresent());
        }
    }

    private static String script(String name) throws Exception {
        try (InputStream in = Migrations.class.getResourceAsStream("migrations/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
