package io.hookline.receiver.error;

/** A request over its source's rate limit: 429 with {@code Retry-After}. */
public class RateLimitedException extends WebhookException {
    private static final long serialVersionUID = 1L;

    private final long retryAfterSeconds;

    public RateLimitedException(long retryAfterSeconds, String detail) {
        super(ErrorClass.RATE_LIMITED, detail);
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
