package io.hookline.receiver.error;

import dev.failsafe.FailsafeException;
import dev.failsafe.TimeoutExceededException;
import io.hookline.spi.AttemptFailure;
import io.hookline.spi.DownstreamStatusException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;

/**
 * A failed handler attempt, classified by the exception's type (never by its message).
 *
 * @param errorClass the class
 * @param retryAfter how long the downstream asked to wait, or null
 * @param message a short message for the attempts table and on-call
 * @param cause what the handler threw, for Sentry's grouping; null when nothing was thrown
 */
public record HandlerFailure(ErrorClass errorClass, Duration retryAfter, String message, Throwable cause) {

    /**
     * Classifies what a handler threw, with the SPI's {@link AttemptFailure#of} (the plugin test
     * kit uses the same rule), after Failsafe's own timeout and wrappers.
     */
    public static HandlerFailure of(Throwable thrown) {
        Throwable failure = thrown instanceof TimeoutExceededException ? thrown : unwrap(thrown);
        AttemptFailure attempt = failure instanceof TimeoutExceededException ? AttemptFailure.HANDLER_TIMEOUT
                : AttemptFailure.of(failure);
        String message = switch (attempt) {
            case HANDLER_TIMEOUT -> "timed out: " + describe(failure);
            case HANDLER_BUG -> failure.getClass().getName() + ": " + failure.getMessage();
            default -> describe(failure);
        };
        Duration retryAfter = failure instanceof DownstreamStatusException downstream
                ? downstream.retryAfter().orElse(null) : null;
        return new HandlerFailure(ErrorClass.valueOf(attempt.name()), retryAfter, message, failure);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof FailsafeException || failure instanceof ExecutionException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
