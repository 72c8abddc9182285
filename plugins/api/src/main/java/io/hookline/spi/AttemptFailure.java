package io.hookline.spi;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * How the receiver classifies a failed handler attempt: by the type of what the handler threw,
 * never by its message. The receiver's dispatcher and the plugin test kit both decide with
 * {@link #of(Throwable)}, so a plugin's test sees exactly what production will record.
 */
public enum AttemptFailure {
    /** The attempt ran past its route's timeout ({@link TimeoutException}, {@link HttpTimeoutException}); retried. */
    HANDLER_TIMEOUT(true),
    /** 429 or 5xx, {@link TransientFailureException}, or an {@link IOException}; retried. */
    DOWNSTREAM_UNAVAILABLE(true),
    /** Any other 4xx, or {@link PermanentFailureException}; not retried: the delivery is dead. */
    DOWNSTREAM_REJECTED(false),
    /** 401 or 403 from the downstream; not retried. */
    PERMISSION_DENIED(false),
    /** Any other exception: a bug in the handler; not retried. */
    HANDLER_BUG(false);

    private final boolean retried;

    AttemptFailure(boolean retried) {
        this.retried = retried;
    }

    /** Whether the receiver tries the delivery again, on its retry schedule. */
    public boolean retried() {
        return retried;
    }

    /** The name in the attempts table, metrics and Sentry: {@code downstream_unavailable}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class of what a handler threw; an {@link ExecutionException} is looked through. */
    public static AttemptFailure of(Throwable thrown) {
        Throwable failure = thrown;
        while (failure instanceof ExecutionException && failure.getCause() != null) {
            failure = failure.getCause();
        }
        if (failure instanceof TimeoutException || failure instanceof HttpTimeoutException) {
            return HANDLER_TIMEOUT;
        }
        if (failure instanceof DownstreamStatusException downstream) {
            int status = downstream.status();
            return status == 429 || status >= 500 ? DOWNSTREAM_UNAVAILABLE
                    : status == 401 || status == 403 ? PERMISSION_DENIED
                    : DOWNSTREAM_REJECTED;
        }
        if (failure instanceof PermanentFailureException) {
            return DOWNSTREAM_REJECTED;
        }
        if (failure instanceof TransientFailureException || failure instanceof IOException) {
            return DOWNSTREAM_UNAVAILABLE;
        }
        return HANDLER_BUG;
    }
}
