package io.hookline.receiver.dispatch;

import io.hookline.receiver.metrics.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A bulkhead per route and subscription: how many of its deliveries this instance has claimed and
 * not yet finished, against how many it may run at once ({@code max-concurrent}). The claim asks
 * {@link #room} and takes no more of a route than that, so a route at its bound is passed over in
 * the database, not claimed and left waiting for a worker; the other routes' deliveries run at
 * their own speed. Failsafe's {@code Bulkhead} hands out permits one at a time and does not say how
 * many are free, which is what the claim needs to ask the database for; hence a counter of our own.
 * The bound is this instance's: several instances on one PostgreSQL each apply it.
 */
final class RouteBulkheads {

    private final Routes routes;
    private final Metrics metrics;
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();

    RouteBulkheads(Routes routes, Metrics metrics) {
        this.routes = routes;
        this.metrics = metrics;
    }

    /**
     * How many more of this route's deliveries may be claimed now. Only the claimer adds to the
     * count, after the claim, so the answer can only be too small while the claim runs, never too large.
     */
    int room(String route) {
        return Math.max(0, routes.maxConcurrent(route) - of(route).get());
    }

    /** A delivery of the route was claimed: it counts until its attempt ends. */
    void claimed(String route) {
        of(route).incrementAndGet();
    }

    /** A claimed delivery's attempt ended (or it was postponed untried). */
    void finished(String route) {
        of(route).decrementAndGet();
    }

    private AtomicInteger of(String route) {
        return inFlight.computeIfAbsent(route, name -> {
            AtomicInteger count = new AtomicInteger();
            metrics.routeInFlight(name, count, routes.maxConcurrent(name));
            return count;
        });
    }
}
