package io.hookline.receiver.dispatch;

import dev.failsafe.Failsafe;
import dev.failsafe.Timeout;
import io.hookline.receiver.error.ErrorClass;
import io.hookline.receiver.error.HandlerFailure;
import io.hookline.spi.DownstreamAnswer;
import io.hookline.spi.HandlerContext;
import io.hookline.spi.StoredEvent;
import io.hookline.store.AttemptAnswer;
import io.hookline.store.AttemptResult;
import io.hookline.store.ClaimedDelivery;
import io.hookline.store.DeliveryStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.UnaryOperator;

/**
 * Runs one attempt of one delivery under the route's timeout, and decides what follows from the
 * classified outcome: processed, a retry at the scheduled time, or dead.
 */
final class AttemptRunner {

    /**
     * An attempt's result, with the classified failure when it failed, and when its event was
     * stored (null where the event was not read).
     */
    record Outcome(AttemptResult result, HandlerFailure failure, Instant storedAt) {
        Outcome(AttemptResult result, HandlerFailure failure) {
            this(result, failure, null);
        }
    }

    private AttemptRunner() {}

    /** What the route's handler gets of the stored event; may ask the sender's API (see {@link FetchedForms}). */
    @FunctionalInterface
    interface EventForm {
        StoredEvent of(StoredEvent stored) throws Exception;
    }

    /**
     * @param form what the handler gets of the event, made inside the attempt: its failure is the attempt's
     * @param secrets what a target's answer goes through before it is kept: the configured secrets filtered out
     */
    static Outcome run(Route route, ClaimedDelivery delivery, StoredEvent event, EventForm form,
            UnaryOperator<String> secrets) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        Context context = new Context(route, delivery);
        AtomicBoolean targetTried = new AtomicBoolean();
        try {
            Timeout<Object> timeout = Timeout.builder(route.timeout()).withInterrupt().build();
            Failsafe.with(timeout).run(() -> {
                StoredEvent formed = form.of(event);
                targetTried.set(true);
                route.handler().handle(formed, context);
            });
            route.breaker().recordSuccess();
            String answer = route.handler() instanceof AnsweringHandler answering ? answering.answer() : null;
            return new Outcome(new AttemptResult(delivery, started, since(startNanos), DeliveryStatus.PROCESSED, null, answer,
                    null, KeptAnswer.of(context.answer, secrets)), null, event.receivedAt());
        } catch (Throwable thrown) {
            if (thrown instanceof Error error && !(thrown instanceof LinkageError)) {
                throw error;
            }
            HandlerFailure failure = HandlerFailure.of(thrown);
            // The message may quote the target (a subscription's quotes its answer's body): it is logged, sent
            // to Sentry and in operational events, so what the target echoed of a secret is filtered, and a
            // control character (an escape sequence for the terminal reading the log) is shown, not written.
            failure = new HandlerFailure(failure.errorClass(), failure.retryAfter(),
                    failure.message() == null ? null : shown(secrets.apply(failure.message())), failure.cause());
            return failed(route, delivery, started, since(startNanos), failure, KeptAnswer.of(context.answer, secrets),
                    targetTried.get());
        }
    }

    /** The text with each control character written as {@code \\u001b}, so that it reads the same in a log and a table. */
    static String shown(String text) {
        StringBuilder shown = new StringBuilder(text.length());
        text.chars().forEach(c -> {
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f)) {
                shown.append(String.format("\\u%04x", c));
            } else {
                shown.append((char) c);
            }
        });
        return shown.toString();
    }

    static Outcome failed(Route route, ClaimedDelivery delivery, Instant started, Duration duration,
            HandlerFailure failure) {
        return failed(route, delivery, started, duration, failure, null, true);
    }

    /**
     * @param targetTried false when the attempt failed before its handler ran, making the event's form
     *     (the sender's API did not answer a fetch): the target's breaker is not fed, unless it is half
     *     open, where the trial must end (as a failure: the target is still not known to be well)
     */
    private static Outcome failed(Route route, ClaimedDelivery delivery, Instant started, Duration duration,
            HandlerFailure failure, AttemptAnswer answer, boolean targetTried) {
        ErrorClass errorClass = failure.errorClass();
        if (!targetTried) {
            if (route.breaker().isHalfOpen()) {
                route.breaker().recordFailure();
            }
        } else if (errorClass.retried()) {
            route.breaker().recordFailure();
        } else {
            route.breaker().recordSuccess();
        }
        boolean retry = errorClass.retried() && route.retries().retriesAfter(delivery.attemptOfRun());
        if (retry) {
            Instant next = Instant.now().plus(route.retries().delayAfter(delivery.attemptOfRun(), failure.retryAfter()));
            return new Outcome(new AttemptResult(delivery, started, duration, DeliveryStatus.RETRYING,
                    errorClass.wireName(), failure.message(), next, answer), failure);
        }
        return new Outcome(new AttemptResult(delivery, started, duration, DeliveryStatus.DEAD, errorClass.wireName(),
                failure.message(), null, answer), failure);
    }

    /** What the handler is told about its attempt; keeps what it reports the target answered. */
    private static final class Context implements HandlerContext {
        private final Route route;
        private final ClaimedDelivery delivery;
        private volatile DownstreamAnswer answer;

        Context(Route route, ClaimedDelivery delivery) {
            this.route = route;
            this.delivery = delivery;
        }

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

        @Override
        public void answered(DownstreamAnswer answer) {
            this.answer = answer;
        }
    }

    private static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
