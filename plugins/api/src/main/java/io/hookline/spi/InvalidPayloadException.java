package io.hookline.spi;

/**
 * Thrown by {@link SourceVerifier#identify} when a verified body is not what the sender sends: not
 * JSON, or without the id or type the provider needs. The receiver answers 400
 * {@code payload_invalid} with this message as the detail, so the message must say plainly what
 * is wrong (for example "body is not JSON: unexpected end of input at byte 812") and must not
 * quote secrets.
 */
public class InvalidPayloadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InvalidPayloadException(String message) {
        super(message);
    }

    public InvalidPayloadException(String message, Throwable cause) {
        super(message, cause);
    }
}
