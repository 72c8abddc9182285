package io.hookline.receiver.dispatch;

import io.hookline.receiver.logs.LogContext;
import io.hookline.receiver.metrics.Metrics;
import io.hookline.store.AttemptResult;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records attempts: a worker hands over its result and takes the next delivery at once, without
 * waiting for the commit; one recorder thread then does what follows the commit (metrics, the retry
 * line, dead-letter reports), off the writer's thread, or tries the commit again while the lease holds.
 */
@Singleton
class AttemptRecorder {

    // The dispatcher's logger, as before these parts were split out of it: what operators filter on.
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final DeliveryQueue queue;
    private final Metrics metrics;
    private final DeadLetters deadLetters;
    private final RetryWithinLease retry;
    private final AtomicInteger recording = new AtomicInteger();
    private final ExecutorService recorder = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "hookline-dispatch-recorder");
        thread.setDaemon(true);
        return thread;
    });

    AttemptRecorder(DeliveryQueue queue, Metrics metrics, DeadLetters deadLetters, RetryWithinLease retry) {
        this.queue = queue;
        this.metrics = metrics;
        this.deadLetters = deadLetters;
        this.retry = retry;
    }

    /** Commits the attempt's outcome; what follows runs on the recorder thread in the attempt's log context. */
    void record(ClaimedDelivery delivery, AttemptRunner.Outcome outcome, Instant leaseEnds) {
        recording.incrementAndGet();
        Map<String, String> carried = LogContext.carried();
        queue.finish(outcome.result()).whenCompleteAsync((recorded, failure) -> {
            try (LogContext resumed = LogContext.resume(carried)) {
                recorded(delivery, outcome, leaseEnds, recorded, failure);
            }
        }, recorder);
    }

    /** On the recorder thread: what follows the commit of an attempt, or trying that commit again. */
    private void recorded(ClaimedDelivery delivery, AttemptRunner.Outcome outcome, Instant leaseEnds, Boolean recorded,
            Throwable failure) {
        try {
            boolean mine = failure == null ? recorded
                    : retry.call(leaseEnds, () -> CompletableFuture.failedFuture(failure), () -> queue.finish(outcome.result()));
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

    /**
     * Waits until what was handed over is recorded or {@code deadlineNanos} ({@link System#nanoTime})
     * passes, then stops the recorder thread.
     */
    void stop(long deadlineNanos) throws InterruptedException {
        while (recording.get() > 0 && System.nanoTime() < deadlineNanos) {
            Thread.sleep(10);
        }
        recorder.shutdown();
    }
}
