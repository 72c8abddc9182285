package io.hookline.sqlite;

import io.hookline.store.StoreEngine;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the whole idempotency index once, on a thread and a connection of its own, so that the
 * operating system's page cache holds it before the writer needs it.
 *
 * <p>Why: every new key lands on a random leaf page of that index, and only the one writer inserts
 * keys. After a restart or a reboot, or once the kernel has dropped the pages, each of those leaves
 * is a disk read made by the writer while every webhook waits behind it. Measured on a store of
 * 5.6 million keys started on a cold page cache and sent 1,000, then 2,000 webhooks a second:
 * without this read the median SQL time of the writer's batches stayed at 3 to 13 ms for a minute
 * and was back to 0.4 ms only after 70 s; with it (the read took 18 s beside the webhooks) the
 * batches were back to about 0.1 ms a webhook from 20 s on. Reading the index in key order is one
 * pass (5.6 s for 5.2 million keys, 580 MB, on an idle machine) that leaves the writer nothing to
 * read.
 */
final class KeyIndexWarmUp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(KeyIndexWarmUp.class);
    // Counting walks every page of the table's B-tree; a WITHOUT ROWID table is its primary-key index.
    private static final String READ_INDEX = "SELECT count(*) FROM idempotency_keys";

    private final StoreEngine engine;
    private final CompletableFuture<Long> keys = new CompletableFuture<>();
    private final Thread thread;
    private volatile Statement running;
    private volatile boolean closed;

    private KeyIndexWarmUp(StoreEngine engine) {
        this.engine = engine;
        this.thread = new Thread(this::run, "hookline-sqlite-warm-up");
        this.thread.setDaemon(true);
    }

    /** Starts reading the index in the background, on a new read connection of the engine's. */
    static KeyIndexWarmUp start(StoreEngine engine) {
        KeyIndexWarmUp warmUp = new KeyIndexWarmUp(engine);
        warmUp.thread.start();
        return warmUp;
    }

    /** Completes with the number of keys read once the whole index has been read. */
    CompletableFuture<Long> keysRead() {
        return keys;
    }

    private void run() {
        long start = System.nanoTime();
        try (Connection connection = engine.connect(); Statement statement = connection.createStatement()) {
            running = statement;
            if (closed) {
                keys.cancel(false);
                return;
            }
            try (ResultSet count = statement.executeQuery(READ_INDEX)) {
                long read = count.next() ? count.getLong(1) : 0;
                LOG.info("Read the idempotency index ({} keys) into memory in {} ms", read,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                keys.complete(read);
            }
        } catch (SQLException | RuntimeException e) {
            // Only ever a loss of speed: the writer then reads the pages it needs itself.
            if (!closed) {
                LOG.warn("The idempotency index could not be read ahead: {}", e.getMessage());
            }
            keys.completeExceptionally(e);
        } finally {
            running = null;
        }
    }

    /** Stops a read still under way; the store is closing. */
    @Override
    public void close() {
        closed = true;
        Statement statement = running;
        if (statement != null) {
            try {
                statement.cancel();
            } catch (SQLException e) {
                // The statement finished or its connection closed meanwhile: nothing left to stop.
            }
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
