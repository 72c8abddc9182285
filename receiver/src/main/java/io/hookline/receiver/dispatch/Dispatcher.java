package io.hookline.receiver.dispatch;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.HandlerFailure;
import io.hookline.receiver.logs.LogContext;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.sentry.SecretValues;
import io.hookline.spi.StoredEvent;
import io.hookline.store.AttemptResult;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.Database;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.EventStore;
import io.hookline.store.StorageException;
import io.micronaut.context.annotation.Context;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Works through the stored deliveries: one thread claims due ones (under a lease longer than any
 * attempt may take), a round at a time so that one round waits behind the running attempts, and of
 * each route no more than it may run at once ({@link RouteBulkheads}), so a slow route cannot take
 * every worker; the workers run them and hand each result to one recorder thread, which commits it
 * and then does what follows (metrics, dead-letter reports). It wakes when this process stores work, when
 * another instance on the same PostgreSQL does (LISTEN/NOTIFY), and every poll interval for
 * retries coming due. At start, the claims this instance held when it stopped are released, so
 * its unfinished work is done now; at shutdown it stops claiming, gives running attempts
 * {@code shutdown-grace} to finish, and leaves the rest to the next start (or, on PostgreSQL, to
 * another instance once their lease runs out). Each delivery is handled at least once; events of
 * one source are not promised in order.
 */
@Context
public class Dispatcher {

    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private static final Duration CLAIM_BACKOFF = Duration.ofSeconds(1);
    private static final Duration STORE_RETRY = Duration.ofSeconds(1);

    private final Routes routes;
    private final DeliveryQueue queue;
    private final EventStore store;
    private final DispatchConfig config;
    private final DispatchSignal signal;
    private final DeadLetters deadLetters;
    private final OperationalEvents operational;
    private final Metrics metrics;
    private final SecretValues secrets;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final RouteBulkheads bulkheads;
    private final AtomicInteger recording = new AtomicInteger();
    private final ExecutorService recorder;
    private final Thread claimer;
    private final AutoCloseable workFromOtherInstances;
    private volatile boolean running = true;

    public Dispatcher(Routes routes, DeliveryQueue queue, EventStore store, DispatchConfig config, DispatchSignal signal,
            DeadLetters deadLetters, Metrics metrics, Database database, SecretValues secrets, OperationalEvents operational) {
        this.deadLetters = deadLetters;
        this.operational = operational;
        this.secrets = secrets;
        this.metrics = metrics;
        this.routes = routes;
        this.queue = queue;
        this.store = store;
        this.config = config;
        this.signal = signal;
        this.bulkheads = new RouteBulkheads(routes, metrics);
        this.workers = Executors.newFixedThreadPool(config.getWorkers(), runnable -> {
            Thread thread = new Thread(runnable, "hookline-dispatch-worker");
            thread.setDaemon(true);
            return thread;
        });
        int released = queue.releaseClaims().join();
        if (released > 0) {
            LOG.info("Resuming {} deliveries claimed before the last stop", released);
        }
        // One thread: it runs what follows each commit (metrics, dead-letter reports), off the writer's thread.
        this.recorder = Executors.newSingleThreadExecutor(runnable -> {
            Thread thread = new Thread(runnable, "hookline-dispatch-recorder");
            thread.setDaemon(true);
            return thread;
        });
        this.workFromOtherInstances = database.listenForWork(signal::wake);
        this.claimer = new Thread(this::claimLoop, "hookline-dispatch-claimer");
        this.claimer.setDaemon(true);
        this.claimer.start();
    }

    /** Whether the claimer is running, for readiness. */
    public boolean isAlive() {
        return running && claimer.isAlive();
    }

    private void claimLoop() {
        boolean failing = false;
        while (running) {
            try {
                // Every round: a subscription may have been given a longer timeout since the last one.
                Duration lease = lease();
                // Up to one round of deliveries waits claimed behind the running ones, so a worker that
                // comes free starts the next at once; claims are made a round at a time, not one by one.
                int claimedNow = inFlight.get();
                int free = claimedNow <= config.getWorkers() ? 2 * config.getWorkers() - claimedNow : 0;
                // Taken before claiming, so it never runs past the lease the database records.
                Instant leaseEnds = Instant.now().plus(lease);
                List<ClaimedDelivery> claimed = free > 0 ? queue.claim(free, lease, bulkheads::room).join() : List.of();
                if (failing) {
                    LOG.info("Claiming deliveries again");
                    failing = false;
                }
                for (ClaimedDelivery delivery : claimed) {
                    inFlight.incrementAndGet();
                    Runnable attempt = () -> attempt(delivery, leaseEnds);
                    if (bulkheads.claimed(delivery.route(), attempt)) {
                        workers.execute(attempt);
                    }
                }
                if (claimed.isEmpty() || claimed.size() == free) {
                    signal.await(config.getPollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                if (!failing) {
                    LOG.error("Claiming deliveries failed; trying again every {} until it works: {}", CLAIM_BACKOFF,
                            e.getMessage());
                    failing = true;
                }
                sleep(CLAIM_BACKOFF);
            }
        }
    }

    /**
     * How long a claim lasts: longer than a delivery may wait for one attempt of its route to end
     * ({@link RouteBulkheads}) and then take its own, so twice the longest timeout of any route.
     */
    private Duration lease() {
        return routes.longestTimeout().multipliedBy(2).plus(config.getLeaseMargin());
    }

    /**
     * Runs one claimed delivery, then hands its result to the recorder: the worker does not wait
     * for the commit that records it, and takes the next delivery at once.
     */
    private void attempt(ClaimedDelivery delivery, Instant leaseEnds) {
        // The event's ids for every line of this attempt, the handler's own included; its source and
        // request id are added once the event is read.
        LogContext ids = LogContext.of(null, null, delivery.eventId()).with(LogContext.ROUTE, delivery.route());
        try {
            AttemptRunner.Outcome outcome = outcomeOf(delivery, leaseEnds, ids);
            if (outcome != null) {
                recording.incrementAndGet();
                Map<String, String> carried = LogContext.carried();
                queue.finish(outcome.result()).whenCompleteAsync((recorded, failure) -> {
                    try (LogContext resumed = LogContext.resume(carried)) {
                        recorded(delivery, outcome, leaseEnds, recorded, failure);
                    }
                }, recorder);
            }
        } catch (RuntimeException e) {
            LOG.error("Delivery {} of event {} could not be run; it will be retried when its lease ends: {}",
                    delivery.route(), delivery.eventId(), e.getMessage());
        } finally {
            ids.close();
            inFlight.decrementAndGet();
            startNext(bulkheads.finished(delivery.route()));
            signal.wake();
        }
    }

    /** Starts the route's next claimed delivery, if one waits; at shutdown it is left to the next start. */
    private void startNext(Runnable next) {
        if (next == null) {
            return;
        }
        try {
            workers.execute(next);
        } catch (RejectedExecutionException stopping) {
            LOG.debug("Stopping: a claimed delivery is left for the next start or another instance");
        }
    }

    /** On the recorder thread: what follows the commit of an attempt, or trying that commit again. */
    private void recorded(ClaimedDelivery delivery, AttemptRunner.Outcome outcome, Instant leaseEnds, Boolean recorded,
            Throwable failure) {
        try {
            boolean mine = failure == null ? recorded
                    : whileLeaseHolds(leaseEnds, () -> CompletableFuture.failedFuture(failure), () -> queue.finish(outcome.result()));
            if (!mine) {
                LOG.warn("Delivery {} of event {}: its lease ran out before the attempt ended and another claim"
                        + " took it over; this attempt's result is not recorded", delivery.route(), delivery.eventId());
                return;
            }
            AttemptResult result = outcome.result();
            metrics.attempt(delivery.route(), delivery.handler(),
                    result.next() == DeliveryStatus.PROCESSED ? "succeeded" : "failed", result.errorClass(),
                    result.duration());
            if (result.next() == DeliveryStatus.PROCESSED && outcome.storedAt() != null) {
                metrics.delivered(delivery.route(), outcome.storedAt(), result.startedAt().plus(result.duration()));
            }
            if (result.next() == DeliveryStatus.RETRYING) {
                LOG.info("Delivery {} of event {}: attempt {} failed, {}: {}; retrying at {}", delivery.route(),
                        delivery.eventId(), delivery.attempt(), result.errorClass(), result.message(), result.nextAttemptAt());
            } else if (result.next() == DeliveryStatus.DEAD) {
                deadLetters.report(delivery, outcome);
            }
        } catch (RuntimeException e) {
            LOG.error("Delivery {} of event {} could not be recorded; it will be retried when its lease ends: {}",
                    delivery.route(), delivery.eventId(), e.getMessage());
        } finally {
            recording.decrementAndGet();
        }
    }

    private AttemptRunner.Outcome outcomeOf(ClaimedDelivery delivery, Instant leaseEnds, LogContext ids) {
        Optional<Route> found = routes.byName(delivery.route());
        if (found.isEmpty()) {
            // Read only for its ids, so that the dead-letter line names the request as every other does.
            eventOf(delivery, leaseEnds, ids);
        }
        if (found.isEmpty() && RuntimeTargets.HANDLER.equals(delivery.handler())) {
            HandlerFailure cancelled = new HandlerFailure(ErrorClass.SUBSCRIPTION_CANCELLED, null,
                    "subscription '" + delivery.route() + "' was disabled or deleted; replay once it is enabled", null);
            return new AttemptRunner.Outcome(new AttemptResult(delivery, Instant.now(), Duration.ZERO, DeliveryStatus.DEAD,
                    cancelled.errorClass().wireName(), cancelled.message(), null), cancelled);
        }
        if (found.isEmpty()) {
            HandlerFailure gone = new HandlerFailure(ErrorClass.HANDLER_BUG, null,
                    "route '" + delivery.route() + "' is no longer configured", null);
            return new AttemptRunner.Outcome(new AttemptResult(delivery, Instant.now(), Duration.ZERO, DeliveryStatus.DEAD,
                    gone.errorClass().wireName(), gone.message(), null), gone);
        }
        Route route = found.get();
        if (!route.breaker().tryAcquirePermit()) {
            Duration wait = route.breaker().getRemainingDelay();
            queue.postpone(delivery, Instant.now().plus(wait.isZero() ? config.getPollInterval() : wait)).join();
            return null;
        }
        Optional<StoredEvent> event = eventOf(delivery, leaseEnds, ids);
        if (event.isEmpty() || event.get().body() == null) {
            return AttemptRunner.failed(route, delivery, Instant.now(), Duration.ZERO,
                    new HandlerFailure(ErrorClass.HANDLER_BUG, null, "the event or its body is gone", null));
        }
        boolean breakerWasClosed = !route.breaker().isOpen();
        AttemptRunner.Outcome outcome = AttemptRunner.run(route, delivery, event.get(), secrets::filtered);
        if (breakerWasClosed && route.breaker().isOpen()) {
            LOG.warn("Route {}: its circuit breaker opened after {}: {}", route.name(), outcome.result().errorClass(),
                    outcome.result().message());
            operational.breakerOpened(route.name(), route.handlerId(), event.get(), outcome.result(),
                    route.breaker().getRemainingDelay());
        }
        return outcome;
    }

    /** The delivery's event, its source and request id added to the attempt's log context. */
    private Optional<StoredEvent> eventOf(ClaimedDelivery delivery, Instant leaseEnds, LogContext ids) {
        Optional<StoredEvent> event = whileLeaseHolds(leaseEnds,
                () -> CompletableFuture.completedFuture(store.find(delivery.eventId())));
        event.ifPresent(stored -> ids.with(LogContext.SOURCE, stored.source())
                .with(LogContext.REQUEST_ID, stored.requestId()));
        return event;
    }

    /** Stops claiming, lets running attempts finish within the grace period, and stops. */
    @PreDestroy
    public void stop() {
        running = false;
        closeQuietly(workFromOtherInstances);
        signal.wake();
        workers.shutdown();
        try {
            claimer.join(config.getPollInterval().toMillis() + 1000);
            long graceEnds = System.nanoTime() + config.getShutdownGrace().toNanos();
            if (!workers.awaitTermination(config.getShutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} attempts still running after {}; they resume at the next start", inFlight.get(),
                        config.getShutdownGrace());
                workers.shutdownNow();
            }
            while (recording.get() > 0 && System.nanoTime() < graceEnds) {
                Thread.sleep(10);
            }
            recorder.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            workers.shutdownNow();
        }
    }

    /**
     * Runs a store operation of a claimed delivery, trying again every second while the database
     * cannot be reached and the claim's lease still holds: an attempt whose result could not be
     * recorded during a short outage is recorded when the database is back, not run again after
     * its lease. Recording needs the claim's token, so a late try after the lease records nothing.
     */
    private <T> T whileLeaseHolds(Instant leaseEnds, Supplier<CompletableFuture<T>> operation) {
        return whileLeaseHolds(leaseEnds, operation, operation);
    }

    /** As above, where the first try is already made ({@code first}) and later ones call {@code again}. */
    private <T> T whileLeaseHolds(Instant leaseEnds, Supplier<CompletableFuture<T>> first,
            Supplier<CompletableFuture<T>> again) {
        Supplier<CompletableFuture<T>> operation = first;
        while (true) {
            try {
                return operation.get().join();
            } catch (RuntimeException e) {
                Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (!(cause instanceof StorageException) || !running
                        || Instant.now().plus(STORE_RETRY).isAfter(leaseEnds)) {
                    throw e;
                }
                sleep(STORE_RETRY);
                operation = again;
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.debug("Stopping to listen for work from other instances failed: {}", e.getMessage());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
