package io.hookline.receiver;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.receiver.testing.ReceiverProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails, with its output going to a file as under systemd: what stopped it is in the
 * file every time, not only when the asynchronous log queue happened to be written before the exit
 * (before the fix, 2 of 6 such starts left an empty file). Half the starts log JSON lines, half text.
 */
class FailedStartIT {

    private static final int TRIES = 6;

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void aStartStoppedByABadSettingSaysWhyEveryTimeWithOutputToAFile() throws Exception {
        Path config = dir.resolve("hookline.yml");
        Files.writeString(config, String.join("\n", List.of(
                "micronaut.server.port: " + ReceiverProcess.freePort(),
                "hookline:",
                "  data-dir: " + dir.resolve("data"),
                "  sources:",
                "    billing:",
                "      provider: strype",
                "      secrets: [ \"a-long-enough-secret-for-the-test\" ]")));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 1; i <= TRIES; i++) {
            Path log = dir.resolve("start-" + i + ".log");
            // Every other start in JSON lines (HOOKLINE_LOG_FORMAT=json), whose problems go through the same queue.
            String format = i % 2 == 0 ? "json" : "text";
            ProcessBuilder builder = new ProcessBuilder(java, "-Dmicronaut.config.files=" + config, "-jar",
                    System.getProperty("hookline.jar", "target/hookline.jar"))
                    .directory(dir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().put("HOOKLINE_LOG_FORMAT", format);
            Process process = builder.start();
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "a start with a bad setting ends by itself");
            assertNotEquals(0, process.exitValue(), "a start with a bad setting exits non-zero");
            String written = Files.readString(log);
            assertTrue(written.contains("hookline.sources.billing.provider: no provider 'strype' is loaded"),
                    "start " + i + " of " + TRIES + " (" + format + "): the log names the setting that stopped it;"
                            + " it holds: " + (written.isEmpty() ? "nothing" : written));
            if (format.equals("json")) {
                assertTrue(written.lines().allMatch(line -> line.startsWith("{\"@timestamp\":")),
                        "start " + i + ": every line is a JSON log line: " + written);
            }
        }
    }
}
