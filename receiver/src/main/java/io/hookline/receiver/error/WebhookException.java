package io.hookline.receiver.error;

/**
 * A request the receiver refuses, with its error class and a detail safe to send back: never a
 * secret, a signature or a stack trace.
 */
public class WebhookException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final ErrorClass errorClass;

    /** @param errorClass a class with an HTTP answer */
    public WebhookException(ErrorClass errorClass, String detail) {
        super(detail, null, false, false);
        if (errorClass.httpStatus() == null) {
            throw new IllegalArgumentException(errorClass + " has no HTTP answer");
        }
        this.errorClass = errorClass;
    }

    public ErrorClass errorClass() {
        return errorClass;
    }

    /** The detail sent in the error body. */
    public String detail() {
        return getMessage();
    }
}
