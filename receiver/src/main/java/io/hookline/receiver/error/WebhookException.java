package io.hookline.receiver.error;

/**
 * A request the receiver refuses, with the error code and a detail safe to send back: never a
 * secret, a signature or a stack trace.
 */
public class WebhookException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;

    public WebhookException(ErrorCode code, String detail) {
        super(detail, null, false, false);
        this.code = code;
    }

    public ErrorCode code() {
        return code;
    }

    /** The detail sent in the error body. */
    public String detail() {
        return getMessage();
    }
}
