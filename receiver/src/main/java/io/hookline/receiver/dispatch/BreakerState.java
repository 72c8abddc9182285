package io.hookline.receiver.dispatch;

import dev.failsafe.CircuitBreaker;
import java.time.Duration;
import java.time.Instant;

/**
 * Where a route's circuit breaker stands on this instance, read without changing it.
 *
 * @param state {@code closed} (attempts run), {@code open} (deliveries wait until {@code openUntil})
 *     or {@code half_open} (the next attempts are trials: their outcome closes or opens it again); an
 *     open breaker whose delay has passed is reported half-open, since the next attempt is a trial
 * @param openUntil when an open breaker lets a trial attempt through, else null
 */
public record BreakerState(String state, Instant openUntil) {

    static final BreakerState CLOSED = new BreakerState("closed", null);

    static BreakerState of(CircuitBreaker<?> breaker, Instant now) {
        if (breaker == null || breaker.isClosed()) {
            return CLOSED;
        }
        Duration remaining = breaker.getRemainingDelay();
        if (breaker.isHalfOpen() || remaining.isZero() || remaining.isNegative()) {
            return new BreakerState("half_open", null);
        }
        return new BreakerState("open", now.plus(remaining));
    }
}
