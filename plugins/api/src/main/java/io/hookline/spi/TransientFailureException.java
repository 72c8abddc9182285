package io.hookline.spi;

/**
 * A handler declares that the attempt failed for a reason that may pass (the downstream is busy,
 * a lock was held): the receiver retries on its schedule, error class
 * {@code downstream_unavailable}. Connection errors ({@link java.io.IOException}) are treated the
 * same without being wrapped.
 */
public class TransientFailureException extends Exception {
    private static final long serialVersionUID = 1L;

    public TransientFailureException(String message) {
        super(message);
    }

    public TransientFailureException(String message, Throwable cause) {
        super(message, cause);
    }
}
