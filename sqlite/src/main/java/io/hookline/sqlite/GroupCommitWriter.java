package io.hookline.sqlite;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of the database. Writes from any number of threads (webhook appends, dispatcher
 * updates, the health heartbeat) wait in a queue; a single thread takes all that are waiting (up
 * to {@code maxBatch}), runs them in one transaction and commits once, so many writes share one
 * fsync. A future completes only after its commit, and fails if the commit fails: nothing is
 * reported stored that is not on disk.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private record Pending<T>(StoreWrite<T> write, CompletableFuture<T> result) {
        void run(WriteContext context, List<Object> results) throws SQLException {
            results.add(write.apply(context));
        }

        @SuppressWarnings("unchecked")
        void complete(Object value) {
            result.complete((T) value);
        }
    }

    private final Connection connection;
    private final WriteContext context;
    private final Clock clock;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread thread;
    private volatile boolean accepting = true;

    GroupCommitWriter(PreparedStatements statements, Connection connection, Clock clock, int maxBatch,
            int queueCapacity) {
        this.connection = connection;
        this.context = new WriteContext(statements);
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "hookline-sqlite-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues a write; the future completes with its result after its commit. */
    <T> CompletableFuture<T> submit(StoreWrite<T> write) {
        CompletableFuture<T> result = new CompletableFuture<>();
        if (!accepting) {
            result.completeExceptionally(new StorageException("the store is closed"));
        } else if (!queue.offer(new Pending<>(write, result))) {
            result.completeExceptionally(new StorageException(
                    "the write queue is full (" + queue.size() + " waiting); the disk is not keeping up"));
        } else if (!accepting && !thread.isAlive()) {
            failAll("the store is closed");
        }
        return result;
    }

    private void run() {
        List<Pending<?>> batch = new ArrayList<>(maxBatch);
        while (accepting || !queue.isEmpty()) {
            try {
                Pending<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } finally {
                batch.clear();
            }
        }
        failAll("the store closed before this write was committed");
    }

    private void commit(List<Pending<?>> batch) {
        List<Object> results = new ArrayList<>(batch.size());
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                context.startBatch(clock.millis());
                for (Pending<?> pending : batch) {
                    pending.run(context, results);
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(statement);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("Commit of {} writes failed; none took effect: {}", batch.size(), e.getMessage());
            StorageException failure = new StorageException("the database could not commit: " + e.getMessage(), e);
            batch.forEach(pending -> pending.result().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).complete(results.get(i));
        }
    }

    private static void rollback(Statement statement) {
        try {
            statement.execute("ROLLBACK");
        } catch (SQLException e) {
            // No transaction is open when BEGIN itself failed; nothing to undo.
        }
    }

    private void failAll(String reason) {
        StorageException closed = new StorageException(reason);
        Pending<?> pending;
        while ((pending = queue.poll()) != null) {
            pending.result().completeExceptionally(closed);
        }
    }

    /** Stops taking writes, commits those already queued, then stops the thread. */
    @Override
    public void close() throws InterruptedException {
        accepting = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        failAll("the store is closed");
    }
}
