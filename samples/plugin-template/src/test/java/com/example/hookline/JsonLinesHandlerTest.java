package com.example.hookline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.AttemptFailure;
import io.hookline.spi.StoredEvent;
import io.hookline.testkit.HandlerRun;
import io.hookline.testkit.TestEvents;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonLinesHandlerTest {

    @TempDir
    Path dir;

    private final JsonLinesHandler handler = new JsonLinesHandler();

    @Test
    void eachEventIsOneLineAndARetryOfTheSameEventAddsNone() throws Exception {
        Path file = dir.resolve("events.jsonl");
        StoredEvent event = TestEvents.of("invoice.paid", "{\"amount\":5}".getBytes(StandardCharsets.UTF_8));
        assertTrue(HandlerRun.run(handler, Map.of("file", file.toString()), Duration.ofSeconds(5), event).succeeded());
        assertTrue(HandlerRun.run(handler, Map.of("file", file.toString()), Duration.ofSeconds(5), event, 2).succeeded());
        assertEquals("{\"id\":\"" + event.id() + "\",\"source\":\"test\",\"type\":\"invoice.paid\",\"bytes\":12}\n",
                Files.readString(file));
    }

    @Test
    void aFileThatCannotBeWrittenIsRetried() {
        StoredEvent event = TestEvents.of("invoice.paid", new byte[0]);
        HandlerRun.Outcome outcome = HandlerRun.run(handler, Map.of("file", dir.resolve("no/such/dir/x").toString()),
                Duration.ofSeconds(5), event);
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, outcome.failure());
        assertTrue(outcome.retried());
    }

    @Test
    void aMistypedSettingStopsTheReceiverAtStart() {
        assertEquals("hookline.routes[0].settings.fiel: unknown setting (known: [file])",
                assertThrows(IllegalArgumentException.class,
                        () -> handler.bind(HandlerRun.route(Map.of("fiel", "x"), Duration.ofSeconds(1)))).getMessage());
    }
}
