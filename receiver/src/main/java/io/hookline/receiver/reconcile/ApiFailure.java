package io.hookline.receiver.reconcile;

import java.time.Instant;

/**
 * A provider API call that stops a reconciliation run, with its cause and, for a rate limit, when
 * the API may be asked again. The message names the call and the answer, never a credential.
 */
final class ApiFailure extends Exception {

    /** Why the call failed; the wire name is the Sentry tag and groups one issue per source and cause. */
    enum Cause {
        /** 401, or 403 that is not a rate limit: the token or key is wrong, revoked, or lacks the scope. */
        CREDENTIALS_REJECTED,
        /** 404: the hook does not exist, or the token cannot see it. */
        NOT_FOUND,
        /** The provider's rate limit; {@link #retryAt()} says when to ask again. */
        RATE_LIMITED,
        /** No answer: refused, reset, timed out, after the tries a call gets. */
        UNREACHABLE,
        /**
         * A write sent, and the connection ended before its answer: the provider may have carried it
         * out, so it is not sent again.
         */
        UNANSWERED,
        /** An answer the client does not understand: 5xx, a body that is not what the docs say. */
        UNEXPECTED_ANSWER;

        String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Cause cause;
    private final Instant retryAt;

    ApiFailure(Cause cause, String message) {
        this(cause, message, null);
    }

    ApiFailure(Cause cause, String message, Instant retryAt) {
        super(message);
        this.cause = cause;
        this.retryAt = retryAt;
    }

    Cause failureCause() {
        return cause;
    }

    /** When a rate-limited API may be asked again; null otherwise. */
    Instant retryAt() {
        return retryAt;
    }
}
