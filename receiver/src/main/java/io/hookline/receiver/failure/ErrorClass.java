package io.hookline.receiver.failure;

import java.util.Locale;

/**
 * Every failure Hookline knows, one class per root cause, used alike by HTTP answers, the
 * attempts table, metrics and Sentry. Whether a handler failure is retried is decided here.
 */
public enum ErrorClass {
    SIGNATURE_INVALID(false),
    REPLAY_REJECTED(false),
    PAYLOAD_INVALID(false),
    RATE_LIMITED(false),
    STORAGE_UNAVAILABLE(true),
    HANDLER_TIMEOUT(true),
    DOWNSTREAM_UNAVAILABLE(true),
    DOWNSTREAM_REJECTED(false),
    PERMISSION_DENIED(false),
    HANDLER_BUG(false);

    private final boolean retryable;

    ErrorClass(boolean retryable) {
        this.retryable = retryable;
    }

    /** The name stored, shown and tagged: {@code downstream_unavailable}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Whether a handler attempt that failed this way is tried again. */
    public boolean retryable() {
        return retryable;
    }
}
