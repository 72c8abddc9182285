package io.hookline.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.TransientFailureException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandHandlerTest {

    @TempDir
    Path dir;

    private final CommandHandler command = new CommandHandler();

    @Test
    void commandGetsTheBodyOnStdinAndTheMetadataInItsEnvironment() throws Exception {
        Path script = script("cat > \"$OUT_DIR/body\"; echo \"$HOOKLINE_EVENT_ID $HOOKLINE_EVENT_TYPE $HOOKLINE_ATTEMPT\" > \"$OUT_DIR/env\"");
        Contexts.handle(command, Contexts.event("{\"ref\":\"main\"}"),
                Map.of("command", "sh " + script), Duration.ofSeconds(10));
        assertEquals("{\"ref\":\"main\"}", Files.readString(dir.resolve("body")));
        assertEquals("evt_01TEST push 2", Files.readString(dir.resolve("env")).strip());
    }

    @Test
    void exit65IsPermanentAndOtherFailuresAreRetriedWithTheOutputTail() throws Exception {
        PermanentFailureException permanent = assertThrows(PermanentFailureException.class, () ->
                Contexts.handle(command, Contexts.event("{}"),
                        Map.of("command", "sh " + script("echo bad data; exit 65")), Duration.ofSeconds(10)));
        assertEquals("exit 65: bad data", permanent.getMessage());
        TransientFailureException transientFailure = assertThrows(TransientFailureException.class, () ->
                Contexts.handle(command, Contexts.event("{}"),
                        Map.of("command", "sh " + script("echo busy >&2; exit 1")), Duration.ofSeconds(10)));
        assertEquals("exit 1: busy", transientFailure.getMessage());
    }

    @Test
    void commandPastItsTimeoutIsKilled() throws Exception {
        long start = System.nanoTime();
        assertThrows(TimeoutException.class, () ->
                Contexts.handle(command, Contexts.event("{}"),
                        Map.of("command", "sleep 30"), Duration.ofMillis(300)));
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 10, "killed, not waited for");
    }

    @Test
    void missingCommandSettingIsRefusedAtStart() {
        assertEquals("hookline.routes[0].settings.command is required: the program to run and its arguments",
                assertThrows(IllegalArgumentException.class,
                        () -> command.bind(Contexts.route(Map.of(), Duration.ofSeconds(1)))).getMessage());
    }

    private Path script(String text) throws Exception {
        Path script = Files.createTempFile(dir, "handler", ".sh");
        Files.writeString(script, "OUT_DIR='" + dir + "'\n" + text + "\n");
        return script;
    }
}
