package io.hookline.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.CarriedText;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.TransientFailureException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import io.hookline.spi.AttemptFailure;
import io.hookline.testkit.HandlerRun;
import io.hookline.testkit.TestEvents;
import java.time.Duration;
import java.util.List;
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
    void theDocumentedShDashCLineRunsWithItsQuotesAsAShellReadsThem() throws Exception {
        Path out = dir.resolve("out");
        HandlerRun.Outcome outcome = run("sh -c 'cat > \"$0\"; printf \"%s|\" \"$1\" >> \"$0\"' " + out
                + " \"two words\"", Duration.ofSeconds(10));
        assertTrue(outcome.succeeded(), String.valueOf(outcome.thrown()));
        assertEquals("{}two words|", Files.readString(out));
    }

    @Test
    void aCommandWrittenAsAListTakesEachElementAsOneArgument() throws Exception {
        Path out = dir.resolve("out");
        HandlerRun.Outcome outcome = HandlerRun.run(command, Map.of("command[0]", "sh", "command[1]", "-c",
                "command[2]", "printf '%s' \"$1\" > " + out, "command[3]", "x", "command[4]", "it's a, b",
                "command", "sh,-c,joined by the configuration: ignored"), Duration.ofSeconds(10),
                TestEvents.of("push", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(outcome.succeeded(), String.valueOf(outcome.thrown()));
        assertEquals("it's a, b", Files.readString(out));
    }

    @Test
    void theCommandGetsTheEventsVariablesAndOnlyWhatTheRouteNamesFromTheReceiversEnvironment() throws Exception {
        Path out = dir.resolve("env");
        HandlerRun.Outcome outcome = HandlerRun.run(command, Map.of("command", "sh -c 'env > " + out + "'"), Duration.ofSeconds(10),
                TestEvents.of("push", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(outcome.succeeded(), String.valueOf(outcome.thrown()));
        List<String> names = Files.readAllLines(out).stream().map(line -> line.substring(0, line.indexOf('=')))
                .filter(name -> !List.of("PWD", "SHLVL", "_").contains(name)).sorted().toList();
        assertEquals(List.of("HOOKLINE_ATTEMPT", "HOOKLINE_EVENT_ID", "HOOKLINE_EVENT_TYPE", "HOOKLINE_IDEMPOTENCY_KEY",
                "HOOKLINE_PROVIDER", "HOOKLINE_SOURCE", "PATH"), names, "what sh itself sets aside, PATH by default");

        HandlerRun.run(command, Map.of("command", "sh -c 'env > " + out + "'", "pass-env[0]", "PATH", "pass-env[1]", "HOME"),
                Duration.ofSeconds(10), TestEvents.of("push", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(Files.readAllLines(out).contains("HOME=" + System.getenv("HOME")), "a variable the route names");
    }

    @Test
    void aTypeNoEnvironmentVariableCanHoldReachesTheCommandPercentEncoded() throws Exception {
        Path out = dir.resolve("type");
        HandlerRun.Outcome outcome = HandlerRun.run(command, Map.of("command", "sh -c 'printf %s \"$HOOKLINE_EVENT_TYPE\" > "
                + out + "'"), Duration.ofSeconds(10), TestEvents.of("a\0b\n開く", "{}".getBytes(StandardCharsets.UTF_8)));
        assertTrue(outcome.succeeded(), String.valueOf(outcome.thrown()));
        assertEquals("a%00b%0A%E9%96%8B%E3%81%8F", Files.readString(out));
        assertEquals("a\0b\n開く", CarriedText.decode(Files.readString(out)));
    }

    @Test
    void anUnclosedQuoteOrASecretPassedOnIsRefusedAtStart() {
        assertEquals("hookline.routes[0].settings.command: the single quote at character 7 is not closed",
                assertThrows(IllegalArgumentException.class, () -> command.bind(HandlerRun.route(
                        Map.of("command", "sh -c 'echo"), Duration.ofSeconds(1)))).getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> command.bind(HandlerRun.route(
                Map.of("command", "true", "pass-env", "PATH,HOOKLINE_SECRET_KEY"), Duration.ofSeconds(1))))
                .getMessage().startsWith("hookline.routes[0].settings.pass-env: HOOKLINE_SECRET_KEY is the receiver's own"));
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
