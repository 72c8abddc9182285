package io.hookline.receiver.dispatch;

import io.hookline.receiver.logs.LogContext;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.store.ClaimedDelivery;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker threads ({@code hookline.dispatch.workers}): each claimed delivery runs on one when its
 * route's bulkhead has room ({@link RouteBulkheads}), else when one of the route's attempts ends;
 * the outcome goes to the {@link AttemptRecorder} and the worker takes the next delivery at once.
 */
@Singleton
class DispatchWorkers {

    // The dispatcher's logger, as before these parts were split out of it: what operators filter on.
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryAttempts attempts;
    private final AttemptRecorder recorder;
    private final DispatchSignal signal;
    private final RouteBulkheads bulkheads;
    private final ExecutorService workers;
    private final AtomicInteger inFlight = new AtomicInteger();

    DispatchWorkers(DeliveryAttempts attempts, AttemptRecorder recorder, DispatchSignal signal, Routes routes,
            Metrics metrics, DispatchConfig config) {
        this.attempts = attempts;
        this.recorder = recorder;
        this.signal = signal;
        this.bulkheads = new RouteBulkheads(routes, metrics);
        this.workers = Executors.newFixedThreadPool(config.getWorkers(), runnable -> {
            Thread thread = new Thread(runnable, "hookline-dispatch-worker");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Claimed deliveries not yet ended: running, or waiting for their route's bulkhead. */
    int inFlight() {
        return inFlight.get();
    }

    /** How many more of this route's deliveries may be claimed now ({@link RouteBulkheads#room}). */
    int room(String route) {
        return bulkheads.room(route);
    }

    /**
     * Runs a claimed delivery now, or once one of its route's running attempts ends. A round claimed
     * while the dispatcher stops is left to the next start.
     */
    void run(ClaimedDelivery delivery, Instant leaseEnds) {
        inFlight.incrementAndGet();
        Runnable attempt = () -> attempt(delivery, leaseEnds);
        if (bulkheads.claimed(delivery.route(), attempt)) {
            start(attempt);
        }
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
            AttemptRunner.Outcome outcome = attempts.attempt(delivery, leaseEnds, ids);
            if (outcome != null) {
                recorder.record(delivery, outcome, leaseEnds);
            }
        } catch (RuntimeException e) {
            LOG.error("Delivery {} of event {} could not be run; it will be retried when its lease ends: {}",
                    delivery.route(), delivery.eventId(), e.getMessage());
        } finally {
            ids.close();
            inFlight.decrementAndGet();
            Runnable next = bulkheads.finished(delivery.route());
            if (next != null) {
                start(next);
            }
            signal.wake();
        }
    }

    /** Starts an attempt on a free worker, or queues it for the next; at shutdown it is left to the next start. */
    private void start(Runnable attempt) {
        try {
            workers.execute(attempt);
        } catch (RejectedExecutionException stopping) {
            inFlight.decrementAndGet();
            LOG.debug("Stopping: a claimed delivery is left for the next start or another instance");
        }
    }

    /** Takes no new delivery; the running ones go on. */
    void stopTaking() {
        workers.shutdown();
    }

    /** Waits up to {@code grace} for the running attempts to end, then interrupts the rest. */
    void awaitEnd(Duration grace) throws InterruptedException {
        if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            LOG.warn("{} attempts still running after {}; they resume at the next start", inFlight.get(), grace);
            workers.shutdownNow();
        }
    }

    /** Interrupts the running attempts at once. */
    void stopNow() {
        workers.shutdownNow();
    }
}
