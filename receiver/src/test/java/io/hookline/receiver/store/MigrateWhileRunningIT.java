package io.hookline.receiver.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.postgres.TestPostgres;
import io.hookline.receiver.testing.ReceiverProcess;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code migrate} run beside a receiver, with the receiver's configuration and no {@code --data-dir}:
 * it finds the receiver's store where the configuration puts it (not in {@code ./data}); while the
 * receiver runs it is refused, naming the receiver's process, before it says it copies anything, and
 * nothing is copied; once the receiver is stopped it copies.
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
            Migration refused = migrate(url, config);
            assertEquals(1, refused.status(), "migrate exits 1 while the receiver runs: " + refused.output());
            assertFalse(refused.output().contains("Copying"), "nothing is said to be copied: " + refused.output());
            assertTrue(refused.output().contains("is in use by another Hookline process (pid " + receiver.pid() + " on "),
                    "migrate names the receiver that holds the store: " + refused.output());
            assertFalse(refused.output().contains("Counts match"), refused.output());
            assertTrue(receiver.isAlive(), "the receiver keeps running");
        }

        Migration copied = migrate(url, config);
        assertEquals(0, copied.status(), "once the receiver is stopped, migrate copies: " + copied.output());
        assertTrue(copied.output().contains("Copying " + dir.resolve("data").resolve("hookline.db") + " into "),
                "the store of the configuration's hookline.data-dir is copied: " + copied.output());
        assertTrue(copied.output().contains("Counts match; committed"), copied.output());
        assertFalse(Files.exists(dir.resolve("elsewhere").resolve("data")), "no ./data where migrate ran");
    }

    private record Migration(int status, String output) {}

    /** Run from another directory with the receiver's configuration, as an operator would, without --data-dir. */
    private Migration migrate(String url, Path config) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Process process = new ProcessBuilder(java, "-Dmicronaut.config.files=" + config, "-jar",
                Path.of(System.getProperty("hookline.jar", "target/hookline.jar")).toAbsolutePath().toString(),
                "migrate", "--to", url, "--user", "postgres")
                .directory(elsewhere.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "migrate ended");
        return new Migration(process.exitValue(), output);
    }
}
