package io.hookline.receiver.error;

import dev.failsafe.TimeoutExceededException;
import io.hookline.spi.DownstreamStatusException;
import io.hookline.spi.PermanentFailureException;
import io.hookline.spi.TransientFailureException;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * A failed handler attempt, classified by the exception's type (never by its message).
 *
 * @param errorClass the class
 * @param retryAfter how long the downstream asked to wait, or null
 * @param message a short message for the attempts table and on-call
 * @param cause what the handler threw, for Sentry's grouping; null when nothing was thrown
 */
public record HandlerFailure(ErrorClass errorClass, Duration retryAfter, String message, Throwable cause) {

    /** Classifies what a handler threw. */
    public static HandlerFailure of(Throwable thrown) {
        Throwable failure = thrown instanceof TimeoutExceededException ? thrown : unwrap(thrown);
        if (failure instanceof TimeoutExceededException || failure instanceof HttpTimeoutException
                || failure instanceof TimeoutException) {
            return new HandlerFailure(ErrorClass.HANDLER_TIMEOUT, null, "timed out: " + describe(failure), failure);
        }
        if (failure instanceof DownstreamStatusException downstream) {
            int status = downstream.status();
            ErrorClass errorClass = status == 429 || status >= 500 ? ErrorClass.DOWNSTREAM_UNAVAILABLE
                    : status == 401 || status == 403 ? ErrorClass.PERMISSION_DENIED
                    : ErrorClass.DOWNSTREAM_REJECTED;
            return new HandlerFailure(errorClass, downstream.retryAfter().orElse(null), describe(failure), failure);
        }
        if (failure instanceof PermanentFailureException) {
            return new HandlerFailure(ErrorClass.DOWNSTREAM_REJECTED, null, describe(failure), failure);
        }
        if (failure instanceof TransientFailureException || failure instanceof IOException) {
            return new HandlerFailure(ErrorClass.DOWNSTREAM_UNAVAILABLE, null, describe(failure), failure);
        }
        return new HandlerFailure(ErrorClass.HANDLER_BUG, null, failure.getClass().getName() + ": " + failure.getMessage(),
                failure);
    }

    private static Throwable unwrap(Throwable thrown) {
        Throwable failure = thrown;
        while ((failure instanceof dev.failsafe.FailsafeException || failure instanceof java.util.concurrent.ExecutionException)
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
