package io.hookline.testkit;

import io.hookline.spi.AttemptFailure;
import io.hookline.spi.DownstreamAnswer;
import io.hookline.spi.EventHandler;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.RouteHandler;
import io.hookline.spi.RouteSettings;
import io.hookline.spi.StoredEvent;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a handler on one event as the receiver's dispatcher does, without a receiver: binds it to a
 * route with the given settings, runs one attempt on another thread under the timeout (interrupting
 * it when the time is up), closes the bound handler, and classifies the outcome with the rule the
 * dispatcher uses ({@link AttemptFailure#of}).
 *
 * <pre>{@code
 * HandlerRun.Outcome outcome = HandlerRun.run(new MyHandler(), Map.of("url", url), Duration.ofSeconds(5),
 *         TestEvents.of("push", payload));
 * assertEquals(AttemptFailure.DOWNSTREAM_UNAVAILABLE, outcome.failure());   // retried
 * }</pre>
 */
public final class HandlerRun {

    /** The route name the handler sees. */
    public static final String ROUTE = "test-route";
    /** The configuration key of the route, as messages of {@link EventHandler#bind} name it. */
    public static final String ROUTE_KEY = "hookline.routes[0]";

    private HandlerRun() {}

    /**
     * What one attempt came to.
     *
     * @param failure the class the dispatcher would record, or null when the attempt succeeded
     * @param thrown what the handler threw, or null
     * @param answer what the handler reported with {@link HandlerContext#answered}, or null
     */
    public record Outcome(AttemptFailure failure, Throwable thrown, DownstreamAnswer answer) {

        /** An outcome without a reported answer. */
        public Outcome(AttemptFailure failure, Throwable thrown) {
            this(failure, thrown, null);
        }

        public boolean succeeded() {
            return failure == null;
        }

        /** Whether the dispatcher would try the delivery again. */
        public boolean retried() {
            return failure != null && failure.retried();
        }
    }

    /** The route's settings as the receiver hands them to {@link EventHandler#bind}. */
    public static RouteSettings route(Map<String, String> settings, Duration timeout) {
        return new RouteSettings(ROUTE, ROUTE_KEY, settings, timeout);
    }

    /**
     * Binds, runs one attempt (number 1) and closes.
     *
     * @throws IllegalArgumentException when the handler refuses the settings, as at the receiver's start
     */
    public static Outcome run(EventHandler handler, Map<String, String> settings, Duration timeout, StoredEvent event) {
        return run(handler, settings, timeout, event, 1);
    }

    /** As {@link #run(EventHandler, Map, Duration, StoredEvent)}, for the given attempt number. */
    public static Outcome run(EventHandler handler, Map<String, String> settings, Duration timeout, StoredEvent event,
            int attempt) {
        RouteHandler bound = handler.bind(route(settings, timeout));
        ExecutorService worker = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hookline-testkit-worker");
            thread.setDaemon(true);
            return thread;
        });
        try {
            AtomicReference<DownstreamAnswer> answer = new AtomicReference<>();
            HandlerContext context = context(settings, timeout, attempt, answer);
            Future<?> running = worker.submit(() -> {
                bound.handle(event, context);
                return null;
            });
            try {
                running.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
                return new Outcome(null, null, answer.get());
            } catch (TimeoutException e) {
                running.cancel(true);
                return new Outcome(AttemptFailure.HANDLER_TIMEOUT, e, answer.get());
            } catch (ExecutionException e) {
                Throwable thrown = e.getCause() == null ? e : e.getCause();
                return new Outcome(AttemptFailure.of(thrown), thrown, answer.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running.cancel(true);
                throw new IllegalStateException("interrupted while the handler ran", e);
            }
        } finally {
            worker.shutdownNow();
            try {
                bound.close();
            } catch (Exception e) {
                throw new IllegalStateException("the bound handler did not close: " + e, e);
            }
        }
    }

    private static HandlerContext context(Map<String, String> settings, Duration timeout, int attempt,
            AtomicReference<DownstreamAnswer> answer) {
        Map<String, String> copy = Map.copyOf(settings);
        return new HandlerContext() {
            @Override
            public Map<String, String> settings() {
                return copy;
            }

            @Override
            public String route() {
                return ROUTE;
            }

            @Override
            public int attempt() {
                return attempt;
            }

            @Override
            public Duration timeout() {
                return timeout;
            }

            @Override
            public void answered(DownstreamAnswer answered) {
                answer.set(answered);
            }
        };
    }
}
