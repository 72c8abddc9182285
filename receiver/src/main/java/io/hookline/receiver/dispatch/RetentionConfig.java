package io.hookline.receiver.dispatch;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/** How long stored data is kept ({@code hookline.retention.*}). */
@ConfigurationProperties("hookline.retention")
@Context
public class RetentionConfig {

    private Duration bodies = Duration.ofDays(7);
    private Duration keys = Duration.ofDays(30);

    /** Processed events' bodies are dropped after this; their metadata and keys stay. */
    public Duration getBodies() {
        return bodies;
    }

    public void setBodies(Duration bodies) {
        this.bodies = bodies;
    }

    /** Idempotency keys and processed events are deleted after this; keep it longer than senders retry. */
    public Duration getKeys() {
        return keys;
    }

    public void setKeys(Duration keys) {
        this.keys = keys;
    }
}
