package io.hookline.receiver.subscriptions;

import io.hookline.handlers.RetryAfter;
import io.hookline.spi.DownstreamAnswer;
import java.time.Duration;

/**
 * What a subscription's target answered.
 *
 * @param status the HTTP status
 * @param took from sending to the answer's first kilobyte
 * @param body the first kilobyte of the answer's body, as text
 * @param retryAfter the delay its {@code Retry-After} asks for, or null
 */
public record TargetAnswer(int status, Duration took, String body, Duration retryAfter) {

    static TargetAnswer of(DownstreamAnswer answer) {
        return new TargetAnswer(answer.status(), answer.took(), answer.body(), RetryAfter.of(answer));
    }
}
