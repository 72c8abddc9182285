package io.hookline.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A handler's downstream answered with an HTTP status that is not success. The receiver decides
 * from the status alone: 429 and 5xx are retried (after {@link #retryAfter()} when the
 * downstream said so), 401 and 403 are {@code permission_denied}, any other 4xx is
 * {@code downstream_rejected}; neither of those is retried.
 */
public class DownstreamStatusException extends Exception {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final transient Duration retryAfter;

    /**
     * @param status the HTTP status the downstream answered
     * @param retryAfter the downstream's {@code Retry-After}, or null
     * @param message a short message for on-call, without secrets
     */
    public DownstreamStatusException(int status, Duration retryAfter, String message) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public int status() {
        return status;
    }

    /** How long the downstream asked to wait, if it did. */
    public Optional<Duration> retryAfter() {
        return Optional.ofNullable(retryAfter);
    }
}
