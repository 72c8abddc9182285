package io.hookline.spi;

/**
 * A handler declares that this event will never succeed (it is invalid for the downstream, the
 * target no longer exists): the receiver does not retry and marks the delivery {@code dead},
 * error class {@code downstream_rejected}. Replay runs it again once the cause is fixed.
 */
public class PermanentFailureException extends Exception {
    private static final long serialVersionUID = 1L;

    public PermanentFailureException(String message) {
        super(message);
    }

    public PermanentFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
