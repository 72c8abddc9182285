package io.hookline.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.StoredEvent;
import io.hookline.store.Database;
import io.hookline.store.EventStore;
import io.hookline.store.NewEvent;
import io.hookline.store.Receipt;
import io.hookline.store.WriterSettings;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL tests on a machine with only Java and Maven: the server comes from the Maven
 * artifact's binaries, here even where Debian's are installed (as if they were hidden), and the
 * store works on it as on any server, also when the tests run as root.
 */
class MavenPostgresBinariesTest {

    @Test
    void theStoreRunsOnAServerStartedFromTheMavenArtifactsBinaries() throws Exception {
        TestPostgres server = TestPostgres.fromMavenArtifact();
        assertTrue(server.binaries().toString().contains("hookline-postgres-binaries-" + MavenPostgresBinaries.VERSION),
                "the cluster runs the artifact's binaries, not Debian's: " + server.binaries());
        try (Database database = Database.open(PostgresEngine.open(server.settings(server.newDatabase())),
                WriterSettings.defaults(), Clock.systemUTC())) {
            EventStore store = new EventStore(database);
            byte[] body = "{\"zen\":\"Keep it logically awesome.\"}".getBytes(StandardCharsets.UTF_8);
            NewEvent event = new NewEvent("gh", "github", "delivery-1", "ping", null, Map.of(), body, List.of());
            Receipt first = store.append(event).get(30, TimeUnit.SECONDS);
            Receipt again = store.append(event).get(30, TimeUnit.SECONDS);
            assertFalse(first.duplicate(), "the first delivery is accepted");
            assertTrue(again.duplicate(), "the same delivery again is a duplicate");
            assertEquals(first.eventId(), again.eventId(), "a duplicate answers the first event's id");
            StoredEvent stored = store.find(first.eventId()).orElseThrow();
            assertArrayEquals(body, stored.body(), "the stored body is the bytes received");
        } finally {
            server.stop();
        }
    }
}
