package io.hookline.sqlite;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.store.JdbcReplayRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.EventQueries;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.Receipt;
import io.hookline.store.WriterSettings;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A database written by the previous release opens, keeps its events, and gets its counters. */
class MigrationTest {

    @TempDir
    Path dataDir;

    @Test
    void theVersionAnUpToDateDatabaseIsOpenedAtWithoutFlywayIsTheNewestScript() throws Exception {
        Path scripts = Path.of(MigrationTest.class.getClassLoader().getResource("io/hookline/sqlite/migrations").toURI());
        int newest;
        try (var files = Files.list(scripts)) {
            newest = files.map(file -> file.getFileName().toString())
                    .filter(name -> name.matches("V[0-9]+__.*\\.sql"))
                    .mapToInt(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))).max().orElse(0);
        }
        assertEquals(newest, Migrations.NEWEST, "a new script must raise Migrations.NEWEST, or it would not run on"
                + " a database at the version before it");
        try (Database db = open()) {
            assertTrue(new EventStore(db).find("none").isEmpty());
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"))) {
            assertEquals(Migrations.NEWEST, Migrations.userVersion(connection));
        }
    }

    @Test
    void aVersionOneDatabaseIsUpgradedWithItsEventsCounted() throws Exception {
        long hour = Instant.parse("2026-11-01T05:00:00Z").toEpochMilli();
        writtenByAReleaseBeforeFlyway(1, "INSERT INTO events (id, source, provider, event_type, idempotency_key,"
                + " received_at, headers, body, status) VALUES"
                + " ('evt_01', 'gh', 'github', 'push', 'a', " + (hour + 10) + ", '', x'01', 'processed'),"
                + " ('evt_02', 'gh', 'github', 'push', 'b', " + (hour + 20) + ", '', x'01', 'dead'),"
                + " ('evt_03', 'st', 'stripe', 'charge.succeeded', 'c', " + (hour + 3_600_000) + ", '', x'01', 'processed')");
        try (Database db = open()) {
            EventQueries queries = new EventQueries(db, new JdbcReplayRecords());
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PROCESSED, 1L, DeliveryStatus.DEAD, 1L),
                    "st", Map.of(DeliveryStatus.PROCESSED, 1L)), queries.countsBySourceAndStatus());
            assertEquals(2, queries.hourly(Instant.parse("2026-11-01T00:00:00Z")).size());
            EventStore store = new EventStore(db);
            assertEquals(new Receipt("evt_01", true),
                    store.append(new NewEvent("gh", "github", "a", "push", null, Map.of(), new byte[0], List.of())).get(),
                    "keys stored before the upgrade still deduplicate");
            assertTrue(store.find("evt_02").isPresent());
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"), history(), "baselined at 1, then the later scripts ran");
    }

    @Test
    void aDatabaseOfTheLastReleaseBeforeFlywayOpensAsItIs() throws Exception {
        writtenByAReleaseBeforeFlyway(2, "INSERT INTO events (id, source, provider, event_type, idempotency_key,"
                + " received_at, headers, body, status) VALUES ('evt_01', 'gh', 'github', 'push', 'a', 1, '', x'01', 'processed')");
        try (Database db = open()) {
            assertEquals(Map.of("gh", Map.of(DeliveryStatus.PROCESSED, 1L)), new EventQueries(db, new JdbcReplayRecords()).countsBySourceAndStatus(),
                    "its counters, kept by its triggers, are read as they are");
            assertTrue(new EventStore(db).find("evt_01").isPresent());
        }
        assertEquals(List.of("2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"), history(), "baselined at its version; only the later script ran");
    }

    @Test
    void aDatabaseOfThePreviousReleaseKeepsItsWorkAndItsBodiesAsTheyAre() throws Exception {
        Files.createDirectories(dataDir);
        String url = "jdbc:sqlite:" + dataDir.resolve("hookline.db");
        Flyway.configure().dataSource(url, null, null).locations(Migrations.LOCATION).target("4").load().migrate();
        try (Connection old = DriverManager.getConnection(url); Statement statement = old.createStatement()) {
            statement.execute("INSERT INTO events (id, source, provider, event_type, idempotency_key, received_at, headers,"
                    + " body, status) VALUES ('evt_01', 'gh', 'github', 'push', 'a', 1, '', x'01', 'pending')");
            statement.execute("INSERT INTO idempotency_keys VALUES ('gh', 'a', 'evt_01', 1)");
            statement.execute("INSERT INTO deliveries (event_id, route, handler, status, next_attempt_at, claimed_until,"
                    + " claim_token, updated_at) VALUES ('evt_01', 'ci', 'forward', 'pending', 1, 99999999999999, 'old', 1)");
        }
        try (Database db = open()) {
            DeliveryQueue queue = new DeliveryQueue(db, "new-release", new JdbcReplayRecords());
            assertEquals(1, queue.releaseClaims().get(), "the claim it held when it stopped is released");
            assertEquals(List.of("evt_01"), queue.claim(5, Duration.ofMinutes(1)).get().stream()
                    .map(ClaimedDelivery::eventId).toList(), "and its delivery runs");
            assertArrayEquals(new byte[] {1}, new EventStore(db).find("evt_01").orElseThrow().body(),
                    "a body stored before compression is read as it is");
            assertNull(new EventStore(db).find("evt_01").orElseThrow().requestId(), "an event stored before it was kept has no request id");
        }
        assertEquals(List.of("1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16", "17", "18", "19", "20", "21", "22", "23"), history(), "only the new scripts ran");
    }

    /**
     * A database as Hookline wrote it before Flyway: the scripts up to {@code version} applied, the
     * version in user_version, no history table.
     */
    private void writtenByAReleaseBeforeFlyway(int version, String rows) throws Exception {
        Files.createDirectories(dataDir);
        String url = "jdbc:sqlite:" + dataDir.resolve("hookline.db");
        Flyway.configure().dataSource(url, null, null).locations(Migrations.LOCATION).target(String.valueOf(version))
                .load().migrate();
        try (Connection old = DriverManager.getConnection(url); Statement statement = old.createStatement()) {
            statement.execute("DROP TABLE flyway_schema_history");
            statement.execute("PRAGMA user_version = " + version);
            statement.execute(rows);
            if (version == 1) {
                statement.execute("INSERT INTO idempotency_keys VALUES ('gh', 'a', 'evt_01', 0)");
            }
        }
    }

    private Database open() {
        return Database.open(SqliteEngine.open(SqliteSettings.defaults(dataDir)), WriterSettings.defaults(), Clock.systemUTC());
    }

    private List<String> history() throws Exception {
        List<String> versions = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve("hookline.db"));
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(
                        "SELECT version FROM flyway_schema_history WHERE success = 1 ORDER BY installed_rank")) {
            while (rows.next()) {
                versions.add(rows.getString(1));
            }
        }
        return versions;
    }
}
