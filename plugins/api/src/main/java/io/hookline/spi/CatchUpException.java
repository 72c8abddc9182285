package io.hookline.spi;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A provider API call that stops a catch-up run, with its cause and, for a rate limit, when the API
 * may be asked again: the receiver waits until then before the next scheduled run. The message
 * names the call and the answer, such as {@code GitHub answered 401 to GET https://api.github.com/…:
 * the token is not valid}, and never a credential: it is shown in the run log and sent to Sentry.
 */
public class CatchUpException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Why the call failed. Its {@link #wireName()} is the {@code cause} of the failed run and its
     * Sentry tag, so one issue is raised per source and cause.
     */
    public enum Cause {
        /** 401, or a 403 that is not a rate limit: the token or key is wrong, revoked, or lacks the scope. */
        CREDENTIALS_REJECTED,
        /** 404: what the settings name does not exist, or the credential cannot see it. */
        NOT_FOUND,
        /** The provider's rate limit; {@link #retryAt()} says when to ask again. */
        RATE_LIMITED,
        /** No answer: refused, reset, timed out, after the tries a call gets. */
        UNREACHABLE,
        /** An answer the client does not understand: 5xx, a body that is not what the docs say. */
        UNEXPECTED_ANSWER;

        /** The cause in lower snake case, such as {@code credentials_rejected}. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Cause cause;
    private final Instant retryAt;

    /** A failure that is not a rate limit. */
    public CatchUpException(Cause cause, String message) {
        this(cause, message, null);
    }

    /**
     * @param cause why the call failed
     * @param message the call and the answer, never a credential
     * @param retryAt when a rate-limited API may be asked again; null when unknown or not rate limited
     */
    public CatchUpException(Cause cause, String message, Instant retryAt) {
        super(message);
        this.cause = Objects.requireNonNull(cause, "cause");
        this.retryAt = retryAt;
    }

    /** Why the call failed. */
    public Cause failureCause() {
        return cause;
    }

    /** When a rate-limited API may be asked again; null otherwise. */
    public Instant retryAt() {
        return retryAt;
    }
}
