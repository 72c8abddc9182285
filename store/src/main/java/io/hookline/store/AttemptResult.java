package io.hookline.store;

import java.time.Duration;
import java.time.Instant;

/**
 * What one handler attempt came to, and what happens to the delivery next.
 *
 * @param delivery the claimed delivery the attempt was for
 * @param startedAt when the attempt started
 * @param duration how long it ran
 * @param next {@code PROCESSED} on success, {@code RETRYING} to try again at {@code nextAttemptAt},
 *     {@code DEAD} when it will not be tried again
 * @param errorClass the error class of a failure, such as {@code downstream_unavailable}; null on success
 * @param message a short message for on-call, without secrets; null on success
 * @param nextAttemptAt when to try again; only for {@code RETRYING}
 * @param answer what the target answered, or null when there was no answer to keep
 */
public record AttemptResult(
        ClaimedDelivery delivery,
        Instant startedAt,
        Duration duration,
        DeliveryStatus next,
        String errorClass,
        String message,
        Instant nextAttemptAt,
        AttemptAnswer answer) {

    /** The longest message kept with an attempt. */
    public static final int MAX_MESSAGE = 500;

    /** An attempt without an answer to keep. */
    public AttemptResult(ClaimedDelivery delivery, Instant startedAt, Duration duration, DeliveryStatus next,
            String errorClass, String message, Instant nextAttemptAt) {
        this(delivery, startedAt, duration, next, errorClass, message, nextAttemptAt, null);
    }

    public AttemptResult {
        if (next == DeliveryStatus.PENDING) {
            throw new IllegalArgumentException("an attempt ends processed, retrying or dead");
        }
        if (next == DeliveryStatus.RETRYING && nextAttemptAt == null) {
            throw new IllegalArgumentException("a retry needs its time");
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE);
        }
    }
}
