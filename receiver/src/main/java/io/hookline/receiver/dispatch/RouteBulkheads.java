package io.hookline.receiver.dispatch;

import io.hookline.receiver.metrics.Metrics;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bulkhead per route and subscription: of its deliveries this instance has claimed, no more than
 * {@code max-concurrent} run at once, and as many again wait for one of them to end, the next in
 * line starting at once when one does, without a claim round in between (a claim is a commit, and
 * waiting for one per delivery made a busy route three times slower). The claim asks {@link #room}
 * and takes no more of a route than that, so a route at its bound is passed over in the database,
 * not claimed and left holding workers; the other routes' deliveries run at their own speed. A
 * waiting delivery waits for at most one attempt of its route, which the lease allows for.
 * Failsafe's {@code Bulkhead} hands out permits one at a time and does not say how many are free,
 * which is what the claim needs to ask the database for; hence a count of our own. The bound is
 * this instance's: several instances on one PostgreSQL each apply it.
 */
final class RouteBulkheads {

    /** One route's attempts: those running (also the gauge's value) and those claimed to run next. */
    private static final class Bulkhead {
        private final AtomicInteger running = new AtomicInteger();
        private final Queue<Runnable> waiting = new ArrayDeque<>();
    }

    private final Routes routes;
    private final Metrics metrics;
    private final Map<String, Bulkhead> byRoute = new HashMap<>();

    RouteBulkheads(Routes routes, Metrics metrics) {
        this.routes = routes;
        this.metrics = metrics;
    }

    /**
     * How many more of this route's deliveries may be claimed now: up to its bound running and as
     * many waiting. Only the claimer adds to the count, after the claim, so the answer can only be
     * too small while the claim runs, never too large.
     */
    synchronized int room(String route) {
        Bulkhead bulkhead = of(route);
        return Math.max(0, 2 * routes.maxConcurrent(route) - bulkhead.running.get() - bulkhead.waiting.size());
    }

    /**
     * A delivery of the route was claimed: answers whether its attempt may start now; otherwise it
     * waits, and {@link #finished} hands it out when one of the route's attempts ends.
     */
    synchronized boolean claimed(String route, Runnable attempt) {
        Bulkhead bulkhead = of(route);
        if (bulkhead.running.get() < routes.maxConcurrent(route)) {
            bulkhead.running.incrementAndGet();
            return true;
        }
        bulkhead.waiting.add(attempt);
        return false;
    }

    /** A running attempt of the route ended (or was postponed untried): answers the next to start, or null. */
    synchronized Runnable finished(String route) {
        Bulkhead bulkhead = of(route);
        Runnable next = bulkhead.waiting.poll();
        if (next == null) {
            bulkhead.running.decrementAndGet();
        }
        return next;
    }

    private Bulkhead of(String route) {
        return byRoute.computeIfAbsent(route, name -> {
            Bulkhead bulkhead = new Bulkhead();
            metrics.routeInFlight(name, bulkhead.running, routes.maxConcurrent(name));
            return bulkhead;
        });
    }
}
