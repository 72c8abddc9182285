package io.hookline.spi;

/**
 * The outcome of {@link SourceVerifier#verify}: the request is genuine, it is rejected, or it is a
 * handshake the sender expects to be answered at once (such as Zoom's URL validation).
 */
public sealed interface Verification
        permits Verification.Verified, Verification.Rejected, Verification.Handshake {

    /** The request is genuine; the receiver goes on to identify and store it. */
    record Verified() implements Verification {}

    /**
     * The request is not accepted; the receiver answers 401 and stores nothing.
     *
     * @param reason why, as one of a small closed set the receiver maps to an error class
     * @param detail a sentence for the sender's operator, such as "header X-Hub-Signature-256 is
     *     missing"; it is sent in the response, so it must never contain a secret, a computed
     *     signature, or which secret came close
     */
    record Rejected(RejectionReason reason, String detail) implements Verification {}

    /**
     * A verified handshake: the receiver answers with this status and body and stores nothing.
     *
     * @param status the HTTP status, usually 200
     * @param contentType the response content type, such as {@code application/json}
     * @param body the response body
     */
    record Handshake(int status, String contentType, byte[] body) implements Verification {}

    /** The request is genuine. */
    static Verification verified() {
        return new Verified();
    }

    /** The request is rejected for {@code reason}, explained by {@code detail}. */
    static Verification rejected(RejectionReason reason, String detail) {
        return new Rejected(reason, detail);
    }
}
