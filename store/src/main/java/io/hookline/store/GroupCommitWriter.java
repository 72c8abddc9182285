package io.hookline.store;

import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one writer of this process. Writes from any number of threads (webhook appends, dispatcher
 * updates, the health heartbeat) wait in a queue; a single thread takes all that are waiting (up
 * to {@code maxBatch}), runs them in one transaction and commits once, so many writes share one
 * commit. A future completes only after its commit, and fails if the commit fails: nothing is
 * reported stored that is not on disk.
 *
 * <p>Where several processes write one database, two batches may insert the same idempotency keys
 * at once, and each waits for the other's. So writes that lock a key run first in the batch, in
 * the key's order (every process then takes key locks in one order and none waits in a circle),
 * and a batch the engine still aborts as a deadlock or serialisation failure is run again.
 *
 * <p>A write that the database refuses while the connection is sound (a value it cannot store, a
 * constraint) fails alone: the batch is rolled back and its other writes are run again without it,
 * so one request's bad value never turns the requests that happened to share its commit into
 * failures (a webhook answered 503 that its sender never retries is lost).
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int RUNS_PER_BATCH = 3;
    private static final Comparator<Pending<?>> LOCK_ORDER =
            Comparator.comparing(Pending::lockKey, Comparator.nullsLast(Comparator.naturalOrder()));

    private static final class Pending<T> {
        private final StoreWrite<T> write;
        private final String lockKey;
        private final CompletableFuture<T> result = new CompletableFuture<>();
        private T value;

        Pending(StoreWrite<T> write, String lockKey) {
            this.write = write;
            this.lockKey = lockKey;
        }

        String lockKey() {
            return lockKey;
        }

        void run(WriteContext context) throws SQLException {
            value = write.apply(context);
        }

        void complete() {
            result.complete(value);
        }
    }

    /** A write of the batch failed while it ran, before the commit: it, not the commit, is the failure's origin. */
    private static final class WriteFailed extends Exception {
        private final transient Pending<?> write;
        private final Exception failure;

        WriteFailed(Pending<?> write, Exception failure) {
            super(failure.getMessage(), failure, false, false);
            this.write = write;
            this.failure = failure;
        }
    }

    private final ConnectionSlot connection;
    private final Dialect dialect;
    private final Clock clock;
    private final int maxBatch;
    private final BlockingQueue<Pending<?>> queue;
    private final Thread thread;
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean accepting = true;
    private boolean failing;

    GroupCommitWriter(ConnectionSlot connection, Dialect dialect, Clock clock, int maxBatch, int queueCapacity) {
        this.connection = connection;
        this.dialect = dialect;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.thread = new Thread(this::run, "hookline-store-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Queues a write; the future completes with its result after its commit.
     *
     * @param lockKey the idempotency key the write inserts, or null: keyed writes run first, in key order
     */
    <T> CompletableFuture<T> submit(StoreWrite<T> write, String lockKey) {
        Pending<T> pending = new Pending<>(write, lockKey);
        if (!accepting) {
            pending.result.completeExceptionally(new StorageException("the store is closed"));
        } else if (!queue.offer(pending)) {
            refused.incrementAndGet();
            pending.result.completeExceptionally(new StorageException(
                    "the write queue is full (" + queue.size() + " waiting); the database is not keeping up"));
        } else if (!accepting && !thread.isAlive()) {
            failAll("the store is closed");
        }
        return pending.result;
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
                batch.sort(LOCK_ORDER);
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
        for (int run = 1; ; run++) {
            try {
                commitOnce(batch);
                if (failing) {
                    LOG.info("Commits succeed again");
                    failing = false;
                }
                batch.forEach(Pending::complete);
                return;
            } catch (WriteFailed e) {
                if (batch.size() > 1 && !(e.failure instanceof SQLException sql && dialect.retryable(sql))
                        && !connection.afterFailure()) {
                    LOG.warn("A write was refused by the database and fails alone; the {} others of its batch are"
                            + " run again without it: {}", batch.size() - 1, e.getMessage());
                    refused.incrementAndGet();
                    e.write.result.completeExceptionally(
                            new StorageException("the database refused this write: " + e.getMessage(), e.failure));
                    batch.remove(e.write);
                    run--;
                    continue;
                }
                if (!retry(batch, e.failure, run)) {
                    return;
                }
            } catch (SQLException | RuntimeException e) {
                if (!retry(batch, e, run)) {
                    return;
                }
            }
        }
    }

    /** Whether the batch is to run again after this failure; fails it when not. */
    private boolean retry(List<Pending<?>> batch, Exception e, int run) {
        if (e instanceof SQLException sql && run < RUNS_PER_BATCH && dialect.retryable(sql)) {
            LOG.info("Commit of {} writes was aborted by the database ({}); running it again", batch.size(),
                    e.getMessage());
            return true;
        }
        fail(batch, e);
        return false;
    }

    private void commitOnce(List<Pending<?>> batch) throws SQLException, WriteFailed {
        PreparedStatements statements = begin();
        WriteContext context = new WriteContext(statements, clock.millis(), dialect.writerCountsEvents());
        try {
            for (Pending<?> pending : batch) {
                try {
                    pending.run(context);
                } catch (SQLException | RuntimeException e) {
                    throw new WriteFailed(pending, e);
                }
            }
            if (context.counts() != null) {
                context.counts().write(context);
            }
            if (context.workStoredInBatch() && dialect.notifyWork() != null) {
                statements.execute(dialect.notifyWork());
            }
            statements.execute("COMMIT");
        } catch (SQLException | RuntimeException | WriteFailed e) {
            rollback(statements);
            throw e;
        }
    }

    /**
     * Opens the batch's transaction. A connection found dead at this point (the server restarted,
     * an idle connection was cut) has run nothing of the batch, so it is replaced and the batch
     * goes on; any later failure fails the batch, since a commit's outcome may then be unknown.
     */
    private PreparedStatements begin() throws SQLException {
        try {
            PreparedStatements statements = connection.statements();
            statements.execute(dialect.begin());
            return statements;
        } catch (SQLException e) {
            if (!connection.afterFailure()) {
                throw e;
            }
            LOG.info("The database connection was lost ({}); connecting again", e.getMessage());
            PreparedStatements statements = connection.statements();
            statements.execute(dialect.begin());
            return statements;
        }
    }

    private void fail(List<Pending<?>> batch, Exception e) {
        // The first failure in a row is an error; while the database stays out of reach, every
        // batch fails the same way and says so only at debug level.
        if (failing) {
            LOG.debug("Commit of {} writes failed; none took effect: {}", batch.size(), e.getMessage());
        } else {
            LOG.error("Commit of {} writes failed; none took effect: {}", batch.size(), e.getMessage());
            failing = true;
        }
        connection.afterFailure();
        refused.addAndGet(batch.size());
        StorageException failure = new StorageException("the database could not commit: " + e.getMessage(), e);
        batch.forEach(pending -> pending.result.completeExceptionally(failure));
    }

    private static void rollback(PreparedStatements statements) {
        try {
            statements.execute("ROLLBACK");
        } catch (SQLException e) {
            // No transaction is open when BEGIN itself failed, or the connection is gone; nothing to undo.
        }
    }

    private void failAll(String reason) {
        StorageException closed = new StorageException(reason);
        Pending<?> pending;
        while ((pending = queue.poll()) != null) {
            pending.result.completeExceptionally(closed);
        }
    }

    /**
     * Writes that failed while the store was open: a commit the database refused, a write it refused
     * alone, a write turned away because the queue was full. Writes failed by closing the store are
     * not counted.
     */
    long refused() {
        return refused.get();
    }

    /** Stops taking writes, commits those already queued, then stops the thread. */
    @Override
    public void close() throws InterruptedException {
        accepting = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        failAll("the store is closed");
        connection.close();
    }
}
