package io.hookline.receiver.dispatch;

import dev.failsafe.Failsafe;
import dev.failsafe.Timeout;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.HandlerFailure;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.StoredEvent;
import io.hookline.store.AttemptResult;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * Runs one attempt of one delivery under the route's timeout, and decides what follows from the
 * classified outcome: processed, a retry at the scheduled time, or dead.
 */
final class AttemptRunner {

    /** An attempt's result, with the classified failure when it failed. */
    record Outcome(AttemptResult result, HandlerFailure failure) {}

    private AttemptRunner() {}

    static Outcome run(Route route, ClaimedDelivery delivery, StoredEvent event) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        try {
            Timeout<Object> timeout = Timeout.builder(route.timeout()).withInterrupt().build();
            Failsafe.with(timeout).run(() -> route.handler().handle(event, context(route, delivery)));
            route.breaker().recordSuccess();
            String answer = route.handler() instanceof AnsweringHandler answering ? answering.answer() : null;
            return new Outcome(new AttemptResult(delivery, started, since(startNanos), DeliveryStatus.PROCESSED, null, answer,
                    null), null);
        } catch (Throwable thrown) {
            if (thrown instanceof Error error && !(thrown instanceof LinkageError)) {
                throw error;
            }
            return failed(route, delivery, started, since(startNanos), HandlerFailure.of(thrown));
        }
    }

    static Outcome failed(Route route, ClaimedDelivery delivery, Instant started, Duration duration,
            HandlerFailure failure) {
        ErrorClass errorClass = failure.errorClass();
        if (errorClass.retried()) {
            route.breaker().recordFailure();
        } else {
            route.breaker().recordSuccess();
        }
        boolean retry = errorClass.retried() && route.retries().retriesAfter(delivery.attemptOfRun());
        if (retry) {
            Instant next = Instant.now().plus(route.retries().delayAfter(delivery.attemptOfRun(), failure.retryAfter()));
            return new Outcome(new AttemptResult(delivery, started, duration, DeliveryStatus.RETRYING,
                    errorClass.wireName(), failure.message(), next), failure);
        }
        return new Outcome(new AttemptResult(delivery, started, duration, DeliveryStatus.DEAD, errorClass.wireName(),
                failure.message(), null), failure);
    }

    private static HandlerContext context(Route route, ClaimedDelivery delivery) {
        return new HandlerContext() {
            @Override
            public Map<String, String> settings() {
                return route.settings();
            }

            @Override
            public String route() {
                return route.name();
            }

            @Override
            public int attempt() {
                return delivery.attempt();
            }

            @Override
            public Duration timeout() {
                return route.timeout();
            }
        };
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
