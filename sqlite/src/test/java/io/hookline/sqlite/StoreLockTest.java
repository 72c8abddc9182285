package io.hookline.sqlite;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.store.StorageException;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One process at a time on a SQLite store, and a crashed holder never leaves it locked. */
class StoreLockTest {

    @TempDir
    Path dataDir;

    @Test
    void aStoreAnotherProcessHasOpenIsRefusedNamingThatProcessAndFreeOnceItIsKilled() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process holder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldStore.class.getName(),
                dataDir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null && !line.startsWith("open ")) {
                // the holder's log lines, until it says the store is open
            }
            assertEquals("open " + holder.pid(), line, "the other process opened the store");

            StorageException refused = assertThrows(StorageException.class,
                    () -> SqliteEngine.open(SqliteSettings.defaults(dataDir)));
            assertTrue(refused.getMessage().contains("is in use by another Hookline process (pid " + holder.pid() + " on "),
                    refused.getMessage());
            assertTrue(refused.getMessage().contains("stop it first"), refused.getMessage());
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
        try (SqliteEngine engine = SqliteEngine.open(SqliteSettings.defaults(dataDir))) {
            assertTrue(engine.description().contains("hookline.db"), "a killed holder leaves the store free");
        }
    }

    @Test
    void openingsWithinOneProcessShareTheLockUntilTheLastIsClosed() throws Exception {
        SqliteEngine first = SqliteEngine.open(SqliteSettings.defaults(dataDir));
        SqliteEngine second = SqliteEngine.open(SqliteSettings.defaults(dataDir));
        first.close();
        assertTrue(lockedForOthers(), "the second opening still holds the store against other processes");
        second.close();
        assertFalse(lockedForOthers(), "closing the last opening frees the store");
    }

    /** Whether another process would be refused: a lock from a channel of its own is what another process would try. */
    private boolean lockedForOthers() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process other = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), HoldStore.class.getName(),
                dataDir.toString()).redirectErrorStream(true).start();
        try {
            BufferedReader output = new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
            String line;
            while ((line = output.readLine()) != null) {
                if (line.equals("open " + other.pid())) {
                    return false;
                }
                if (line.contains("is in use by another Hookline process")) {
                    return true;
                }
            }
            throw new AssertionError("the other process neither opened the store nor was refused");
        } finally {
            other.destroyForcibly();
            other.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
