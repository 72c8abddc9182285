package io.hookline.receiver.health;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.convert.format.ReadableBytes;

/** Readiness settings ({@code hookline.health.*}). */
@ConfigurationProperties("hookline.health")
@io.micronaut.context.annotation.Context
public class HealthConfig {

    private long minFreeDisk = 100L * 1024 * 1024;

    /** The free space the data directory's disk must keep for readiness ({@code 100MB} by default). */
    public long getMinFreeDisk() {
        return minFreeDisk;
    }

    public void setMinFreeDisk(@ReadableBytes long minFreeDisk) {
        this.minFreeDisk = minFreeDisk;
    }
}
