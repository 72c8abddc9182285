package io.hookline.receiver.dispatch;

import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.HandlerFailure;
import io.hookline.receiver.logs.LogContext;
import io.hookline.receiver.operational.OperationalEvents;
import io.hookline.receiver.sentry.SecretValues;
import io.hookline.spi.StoredEvent;
import io.hookline.store.AttemptResult;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.DeliveryQueue;
import io.hookline.store.DeliveryStatus;
import io.hookline.store.EventStore;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt of a claimed delivery and its outcome: the route it names (dead when the route is no
 * longer configured, or the subscription is gone or disabled), the route's circuit breaker (open:
 * the delivery is postponed untried), the stored event, then, within the attempt, the event's form
 * the route asked for ({@link FetchedForms}) and the handler ({@link AttemptRunner});
 * an attempt that opens the breaker is told to on-call.
 */
@Singleton
class DeliveryAttempts {

    // The dispatcher's logger, as before these parts were split out of it: what operators filter on.
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    private final Routes routes;
    private final DeliveryQueue queue;
    private final EventStore store;
    private final DispatchConfig config;
    private final SecretValues secrets;
    private final OperationalEvents operational;
    private final RetryWithinLease retry;
    private final FetchedForms forms;

    DeliveryAttempts(Routes routes, DeliveryQueue queue, EventStore store, DispatchConfig config, SecretValues secrets,
            OperationalEvents operational, RetryWithinLease retry, FetchedForms forms) {
        this.routes = routes;
        this.queue = queue;
        this.store = store;
        this.config = config;
        this.secrets = secrets;
        this.operational = operational;
        this.retry = retry;
        this.forms = forms;
    }

    /**
     * Runs the attempt and answers its outcome, to be recorded; null when the route's breaker is open
     * and the delivery was postponed untried. The event's source and request id are added to {@code ids}.
     */
    AttemptRunner.Outcome attempt(ClaimedDelivery delivery, Instant leaseEnds, LogContext ids) {
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
        AttemptRunner.Outcome outcome = AttemptRunner.run(route, delivery, event.get(),
                stored -> forms.of(route, delivery.attemptOfRun(), stored), secrets::filtered);
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
        Optional<StoredEvent> event = retry.call(leaseEnds,
                () -> CompletableFuture.completedFuture(store.find(delivery.eventId())));
        event.ifPresent(stored -> ids.with(LogContext.SOURCE, stored.source())
                .with(LogContext.REQUEST_ID, stored.requestId()));
        return event;
    }
}
