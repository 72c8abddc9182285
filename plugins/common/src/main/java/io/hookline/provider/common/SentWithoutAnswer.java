package io.hookline.provider.common;

/**
 * A write ({@code POST}) that was sent, and whose connection ended before the provider answered:
 * the provider may have carried it out, so it is not sent again. Not a failure of the run: the
 * caller decides what becomes of the one request (GitHub's redelivery counts it failed, "it may
 * have been accepted", and goes on).
 */
public final class SentWithoutAnswer extends Exception {

    private static final long serialVersionUID = 1L;

    /** @param message the call and how it ended, never a credential */
    public SentWithoutAnswer(String message) {
        super(message);
    }
}
