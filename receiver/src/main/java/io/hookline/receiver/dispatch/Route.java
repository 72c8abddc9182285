package io.hookline.receiver.dispatch;

import dev.failsafe.CircuitBreaker;
import io.hookline.receiver.filters.Where;
import io.hookline.spi.RouteHandler;
import io.hookline.store.DeliveryTarget;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A checked route: what it matches (its patterns, and its {@code where:} or null), the handler it runs with which settings, and its own policies.
 * The circuit breaker is per route, so one dead downstream never holds back the others; so is the
 * bound on attempts running at once ({@code maxConcurrent}), so one slow downstream cannot take
 * every worker either. With {@code orderBy}, its deliveries of one key run one at a time, in order.
 */
record Route(
        String name,
        Pattern source,
        Pattern type,
        String provider,
        Where where,
        String handlerId,
        RouteHandler handler,
        Map<String, String> settings,
        Duration timeout,
        RetrySchedule retries,
        CircuitBreaker<Object> breaker,
        int maxConcurrent,
        OrderKey orderBy) {

    boolean matches(String sourceName, String providerId, String eventType) {
        return (provider == null || provider.equals(providerId))
                && source.matcher(sourceName).matches()
                && type.matcher(eventType).matches();
    }

    DeliveryTarget target() {
        return new DeliveryTarget(name, handlerId);
    }
}
