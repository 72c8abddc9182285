package io.hookline.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.TransientFailureException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.hookline.spi.AttemptFailure;
import io.hookline.testkit.HandlerRun;
import io.hookline.testkit.TestEvents;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandHandlerTest {

    @TempDir
    Path dir;

    private final CommandHandler command = new CommandHandler();

    @Test
    void commandGetsTheBodyOnStdinAndTheMetadataInItsEnvironment() throws Exception {
        Path script = script("cat > \"$OUT_DIR/body\"; echo \"$HOOKLINE_EVENT_ID $HOOKLINE_EVENT_TYPE $HOOKLINE_ATTEMPT\" > \"$OUT_DIR/env\"");
        HandlerRun.Outcome outcome = HandlerRun.run(command, Map.of("command", "sh " + script), Duration.ofSeconds(10),
                TestEvents.of("push", "{\"ref\":\"main\"}".getBytes(StandardCharsets.UTF_8)), 2);
        assertTrue(outcome.succeeded(), String.valueOf(outcome.thrown()));
        assertEquals("{\"ref\":\"main\"}", Files.readString(dir.resolve("body")));
        assertEquals("evt_01TESTKIT0000000000000000 push 2", Files.readString(dir.resolve("env")).strip());
    }

    @Test
    void exit65IsPermanentAndOtherFailuresAreRetriedWithTheOutputTail() throws Exception {
        HandlerRun.Outcome permanent = run("sh " + script("echo bad data; exit 65"), Duration.ofSeconds(10));
        assertEquals(AttemptFailure.DOWNSTREAM_REJECTED, permanent.failure(), "dead, not retried");
        assertEquals("exit 65: bad data", assertInstanceOf(PermanentFailureException.class, permanent.thrown()).getMessage());
        HandlerRun.Outcome transientFailure = run("sh " + script("echo busy >&2; exit 1"), Duration.ofSeconds(10));
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, transientFailure.failure(), "retried");
        assertEquals("exit 1: busy",
                assertInstanceOf(TransientFailureException.class, transientFailure.thrown()).getMessage());
    }

    @Test
    void commandPastItsTimeoutIsKilled() throws Exception {
        long start = System.nanoTime();
        assertEquals(AttemptFailure.HANDLER_TIMEOUT, run("sleep 30", Duration.ofMillis(300)).failure());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "killed, not waited for");
    }

    @Test
    void missingCommandSettingIsRefusedAtStart() {
        assertEquals("hookline.routes[0].settings.command is required: the program to run and its arguments",
                assertThrows(IllegalArgumentException.class,
                        () -> command.bind(HandlerRun.route(Map.of(), Duration.ofSeconds(1)))).getMessage());
    }

    private HandlerRun.Outcome run(String commandLine, Duration timeout) {
        return HandlerRun.run(command, Map.of("command", commandLine), timeout,
                TestEvents.of("push", "{}".getBytes(StandardCharsets.UTF_8)));
    }

    private Path script(String text) throws Exception {
        Path script = Files.createTempFile(dir, "handler", ".sh");
        Files.writeString(script, "OUT_DIR='" + dir + "'\n" + text + "\n");
        return script;
    }
}
