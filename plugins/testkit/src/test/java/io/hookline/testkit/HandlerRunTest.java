package io.hookline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hookline.spi.AttemptFailure;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.StoredEvent;
import io.hookline.spi.TransientFailureException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** A handler's attempt, classified as the dispatcher classifies it. */
class HandlerRunTest {

    private static final StoredEvent EVENT = TestEvents.of("push", "{}".getBytes(StandardCharsets.UTF_8));

    /** A handler written against handle alone, throwing what it is told to. */
    private record Throwing(Exception toThrow) implements EventHandler {
        @Override
        public String id() {
            return "throwing";
        }

        @Override
        public void handle(StoredEvent event, HandlerContext context) throws Exception {
            if (toThrow != null) {
                throw toThrow;
            }
        }
    }

    @Test
    void everyKindOfFailureGetsTheClassTheDispatcherRecords() {
        assertTrue(run(null).succeeded());
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, run(new DownstreamStatusException(503, null, "busy")).failure());
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, run(new DownstreamStatusException(429, null, "slow down")).failure());
        assertEquals(AttemptFailure.PERMISSION_DENIED, run(new DownstreamStatusException(403, null, "no")).failure());
        assertEquals(AttemptFailure.DOWNSTREAM_REJECTED, run(new DownstreamStatusException(422, null, "bad")).failure());
        assertEquals(AttemptFailure.DOWNSTREAM_REJECTED, run(new PermanentFailureException("never")).failure());
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, run(new TransientFailureException("later")).failure());
        assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, run(new IOException("reset")).failure());
        HandlerRun.Outcome bug = run(new IllegalStateException("oops"));
        assertEquals(AttemptFailure.HANDLER_BUG, bug.failure());
        assertTrue(!bug.retried(), "a bug is not retried");
        assertEquals("oops", bug.thrown().getMessage());
    }

    @Test
    void anAttemptPastItsTimeoutIsInterruptedAndRetried() {
        AtomicBoolean interrupted = new AtomicBoolean();
        EventHandler sleeper = new EventHandler() {
            @Override
            public String id() {
                return "sleeper";
            }

            @Override
            public void handle(StoredEvent event, HandlerContext context) {
                try {
                    Thread.sleep(30_000);
                } catch (InterruptedException e) {
                    interrupted.set(true);
                }
            }
        };
        long start = System.nanoTime();
        HandlerRun.Outcome outcome = HandlerRun.run(sleeper, Map.of(), Duration.ofMillis(200), EVENT);
        assertEquals(AttemptFailure.HANDLER_TIMEOUT, outcome.failure());
        assertTrue(outcome.retried());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "not waited for");
        for (int i = 0; i < 200 && !interrupted.get(); i++) {
            sleepQuietly();
        }
        assertTrue(interrupted.get(), "the handler's thread is interrupted, as the dispatcher does");
    }

    private static void sleepQuietly() {
        try {
            Thread.sleep(10);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aBoundHandlerSeesItsRouteAndIsClosedAfterTheAttempt() {
        AtomicBoolean closed = new AtomicBoolean();
        EventHandler binding = new EventHandler() {
            @Override
            public String id() {
                return "binding";
            }

            @Override
            public RouteHandler bind(RouteSettings route) {
                route.requireKnownSettings(Set.of("url"));
                assertEquals(HandlerRun.ROUTE, route.route());
                return new RouteHandler() {
                    @Override
                    public void handle(StoredEvent event, HandlerContext context) {
                        assertEquals(3, context.attempt());
                    }

                    @Override
                    public void close() {
                        closed.set(true);
                    }
                };
            }
        };
        HandlerRun.Outcome outcome = HandlerRun.run(binding, Map.of("url", "http://127.0.0.1:9/"), Duration.ofSeconds(1),
                EVENT, 3);
        assertNull(outcome.failure(), String.valueOf(outcome.thrown()));
        assertTrue(closed.get());
        assertEquals("hookline.routes[0].settings.ulr: unknown setting (known: [url])", assertThrows(
                IllegalArgumentException.class,
                () -> HandlerRun.run(binding, Map.of("ulr", "x"), Duration.ofSeconds(1), EVENT)).getMessage());
    }

    private static HandlerRun.Outcome run(Exception toThrow) {
        return HandlerRun.run(new Throwing(toThrow), Map.of(), Duration.ofSeconds(5), EVENT);
    }
}
