package io.hookline.receiver.subscriptions;

import io.hookline.receiver.error.HandlerFailure;

/**
 * What a test message to a subscription met, as a real delivery would record it.
 *
 * @param answer what the target answered, or null when it did not (unreachable, timed out, refused address)
 * @param failure why it is not a delivery, classified as a real attempt is; null when it is one (a 2xx)
 */
public record TestOutcome(TargetAnswer answer, HandlerFailure failure) {

    /** Whether a real delivery would have succeeded. */
    public boolean delivered() {
        return failure == null;
    }
}
