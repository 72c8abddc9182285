package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} run against the data directory of a receiver that is still running: refused,
 * naming the receiver's process, and nothing copied; once the receiver is stopped it copies.
 */
class MigrateWhileRunningIT {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void migrateRefusesAStoreARunningReceiverHoldsAndCopiesItOnceTheReceiverIsStopped() throws Exception {
        int port = ReceiverProcess.freePort();
        Path config = dir.resolve("hookline.yml");
        Files.writeString(config, String.join("\n", List.of(
                "micronaut.server.port: " + port,
                "hookline:",
                "  data-dir: " + dir.resolve("data"),
                "  plugins-dir: " + dir.resolve("plugins"))));
        String url = TestPostgres.server().newDatabase();

        try (ReceiverProcess receiver = ReceiverProcess.start(config, port, dir.resolve("receiver.log"))) {
            Migration refused = migrate(url);
            assertEquals(1, refused.status(), "migrate exits 1 while the receiver runs: " + refused.output());
            assertTrue(refused.output().contains("is in use by another Hookline process (pid " + receiver.pid() + " on "),
                    "migrate names the receiver that holds the store: " + refused.output());
            assertFalse(refused.output().contains("Counts match"), refused.output());
            assertTrue(receiver.isAlive(), "the receiver keeps running");
        }

        Migration copied = migrate(url);
        assertEquals(0, copied.status(), "once the receiver is stopped, migrate copies: " + copied.output());
        assertTrue(copied.output().contains("Counts match; committed"), copied.output());
    }

    private record Migration(int status, String output) {}

    private Migration migrate(String url) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-jar", System.getProperty("hookline.jar", "target/hookline.jar"),
                "migrate", "--to", url, "--user", "postgres", "--data-dir", dir.resolve("data").toString())
                .redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "migrate ended");
        return new Migration(process.exitValue(), output);
    }
}
