package io.hookline.receiver.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** A scope's ids are on the thread while it is open and gone when it closes, whatever the thread held before. */
class LogContextTest {

    @AfterEach
    void clear() {
        MDC.clear();
    }

    @Test
    void aPooledThreadCarriesNoIdsOfTheRequestBeforeIt() throws Exception {
        ExecutorService loop = Executors.newSingleThreadExecutor();
        try {
            loop.submit(() -> {
                try (LogContext ignored = LogContext.of("gh", "req_1", "evt_1").with(LogContext.ROUTE, "ci")) {
                    assertEquals(Map.of("source", "gh", "request_id", "req_1", "event_id", "evt_1", "route", "ci"),
                            MDC.getCopyOfContextMap());
                }
            }).get();
            Map<String, String> next = loop.submit(() -> {
                Map<String, String> seen;
                try (LogContext ignored = LogContext.of(null, "req_2", null)) {
                    seen = MDC.getCopyOfContextMap();
                }
                return seen;
            }).get();
            assertEquals(Map.of("request_id", "req_2"), next, "the second request sees only its own id");
            assertEquals(Map.of(), loop.submit(() -> mdc()).get(), "and leaves nothing behind");
        } finally {
            loop.shutdown();
        }
    }

    @Test
    void aNestedScopePutsBackTheOuterOnesIds() {
        try (LogContext run = LogContext.of("st", "rec_1", null)) {
            try (LogContext event = LogContext.of("st", "rec_1", "evt_9")) {
                assertEquals("evt_9", MDC.get(LogContext.EVENT_ID));
            }
            assertNull(MDC.get(LogContext.EVENT_ID));
            assertEquals("rec_1", MDC.get(LogContext.REQUEST_ID));
        }
        assertEquals(Map.of(), mdc());
    }

    @Test
    void idsGoAlongToTheThreadThatFinishesTheWork() throws Exception {
        ExecutorService recorder = Executors.newSingleThreadExecutor();
        try (LogContext attempt = LogContext.of("gh", "req_3", "evt_3")) {
            Map<String, String> carried = LogContext.carried();
            Map<String, String> there = CompletableFuture.supplyAsync(() -> {
                try (LogContext resumed = LogContext.resume(carried)) {
                    return mdc();
                }
            }, recorder).get();
            assertEquals(Map.of("source", "gh", "request_id", "req_3", "event_id", "evt_3"), there);
            assertEquals(Map.of(), recorder.submit(LogContextTest::mdc).get());
        } finally {
            recorder.shutdown();
        }
    }

    private static Map<String, String> mdc() {
        Map<String, String> copy = MDC.getCopyOfContextMap();
        return copy == null ? Map.of() : new HashMap<>(copy);
    }
}
