package io.hookline.store;

/**
 * How the group-commit writer batches.
 *
 * @param maxBatch the most writes grouped into one commit
 * @param queueCapacity the most writes waiting for the writer; beyond it, appends fail at once
 * @param maxPendingBytes the most body bytes waiting for the writer; beyond it, appends fail at
 *     once, so a flood of large bodies cannot exhaust the heap
 */
public record WriterSettings(int maxBatch, int queueCapacity, long maxPendingBytes) {

    /** 64 MB of bodies waiting for a commit. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 64L * 1024 * 1024;

    public WriterSettings {
        if (maxBatch < 1 || queueCapacity < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("maxBatch, queueCapacity and maxPendingBytes must be positive");
        }
    }

    /** Batches of up to 512, 20,000 writes or 64 MB of bodies queued. */
    public static WriterSettings defaults() {
        return new WriterSettings(512, 20_000, DEFAULT_MAX_PENDING_BYTES);
    }
}
