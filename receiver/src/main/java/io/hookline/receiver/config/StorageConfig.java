package io.hookline.receiver.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.context.annotation.Context;
import java.time.Duration;

/** SQLite tuning ({@code hookline.storage.*}); the defaults favour durability. */
@ConfigurationProperties("hookline.storage")
@Context
public class StorageConfig {

    private Synchronous synchronous = Synchronous.FULL;
    private Duration busyTimeout = Duration.ofSeconds(5);
    private int maxBatch = 512;
    private int queueCapacity = 20_000;
    private long maxPendingBytes = 64L * 1024 * 1024;

    /** SQLite's {@code synchronous}: {@code FULL} (default), {@code EXTRA} or {@code NORMAL}. */
    public Synchronous getSynchronous() {
        return synchronous;
    }

    public void setSynchronous(Synchronous synchronous) {
        this.synchronous = synchronous;
    }

    /** How a commit reaches the disk: SQLite's {@code synchronous} in WAL mode. */
    public enum Synchronous {
        /** The last commits before a power loss may be lost (never corrupted); fastest. */
        NORMAL,
        /** Every acknowledged commit survives a power loss; the default. */
        FULL,
        /** As FULL, and the WAL's directory entry is synced too. */
        EXTRA
    }

    /** How long a commit waits for a lock held by another process before it fails (503). */
    public Duration getBusyTimeout() {
        return busyTimeout;
    }

    public void setBusyTimeout(Duration busyTimeout) {
        this.busyTimeout = busyTimeout;
    }

    /** The most requests grouped into one commit. */
    public int getMaxBatch() {
        return maxBatch;
    }

    public void setMaxBatch(int maxBatch) {
        this.maxBatch = maxBatch;
    }

    /** The most requests waiting for a commit; beyond it, requests get 503 at once. */
    public int getQueueCapacity() {
        return queueCapacity;
    }

    public void setQueueCapacity(int queueCapacity) {
        this.queueCapacity = queueCapacity;
    }

    /** Body bytes waiting for a commit ({@code 64MB} by default); beyond it, requests get 503 at once. */
    public long getMaxPendingBytes() {
        return maxPendingBytes;
    }

    public void setMaxPendingBytes(@io.micronaut.core.convert.format.ReadableBytes long maxPendingBytes) {
        this.maxPendingBytes = maxPendingBytes;
    }
}
