package io.hookline.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
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
 * The one writer of the database. Appends from any number of threads wait in a queue; a single
 * thread takes all that are waiting (up to {@code maxBatch}), writes them in one transaction and
 * commits once, so many requests share one fsync. A future completes only after its commit, and
 * fails if the commit fails: nothing is reported stored that is not on disk.
 */
final class GroupCommitWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GroupCommitWriter.class);

    private static final String INSERT_KEY = "INSERT INTO idempotency_keys (source, key, event_id, first_seen)"
            + " VALUES (?, ?, ?, ?) ON CONFLICT (source, key) DO NOTHING";
    private static final String FIND_KEY = "SELECT event_id FROM idempotency_keys WHERE source = ? AND key = ?";
    private static final String INSERT_EVENT = "INSERT INTO events (id, source, provider, event_type,"
            + " idempotency_key, received_at, occurred_at, headers, body, next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String TOUCH_HEARTBEAT = "UPDATE heartbeat SET at = ? WHERE id = 1";

    /** One queued unit of work: an append, or a heartbeat that proves commits go through. */
    private record Pending(NewEvent event, CompletableFuture<Receipt> receipt) {}

    private final Connection connection;
    private final Clock clock;
    private final int maxBatch;
    private final BlockingQueue<Pending> queue;
    private final Thread thread;
    private final PreparedStatement insertKey;
    private final PreparedStatement findKey;
    private final PreparedStatement insertEvent;
    private final PreparedStatement touchHeartbeat;
    private volatile boolean accepting = true;

    GroupCommitWriter(Connection connection, Clock clock, int maxBatch, int queueCapacity) throws SQLException {
        this.connection = connection;
        this.clock = clock;
        this.maxBatch = maxBatch;
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.insertKey = connection.prepareStatement(INSERT_KEY);
        this.findKey = connection.prepareStatement(FIND_KEY);
        this.insertEvent = connection.prepareStatement(INSERT_EVENT);
        this.touchHeartbeat = connection.prepareStatement(TOUCH_HEARTBEAT);
        this.thread = new Thread(this::run, "hookline-sqlite-writer");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /** Queues an append; the future completes after its commit. */
    CompletableFuture<Receipt> append(NewEvent event) {
        return enqueue(event);
    }

    /** Queues a heartbeat write; the future completes once a commit went through. */
    CompletableFuture<Receipt> heartbeat() {
        return enqueue(null);
    }

    private CompletableFuture<Receipt> enqueue(NewEvent event) {
        CompletableFuture<Receipt> receipt = new CompletableFuture<>();
        if (!accepting) {
            receipt.completeExceptionally(new StorageException("the store is closed"));
        } else if (!queue.offer(new Pending(event, receipt))) {
            receipt.completeExceptionally(new StorageException(
                    "the write queue is full (" + queue.size() + " waiting); the disk is not keeping up"));
        } else if (!accepting && !thread.isAlive()) {
            failAll("the store is closed");
        }
        return receipt;
    }

    private void run() {
        List<Pending> batch = new ArrayList<>(maxBatch);
        while (accepting || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
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

    private void commit(List<Pending> batch) {
        List<Receipt> receipts = new ArrayList<>(batch.size());
        try (Statement statement = connection.createStatement()) {
            statement.execute("BEGIN IMMEDIATE");
            try {
                long now = clock.millis();
                for (Pending pending : batch) {
                    receipts.add(pending.event() == null ? touchHeartbeat(now) : write(pending.event(), now));
                }
                statement.execute("COMMIT");
            } catch (SQLException | RuntimeException e) {
                rollback(statement);
                throw e;
            }
        } catch (SQLException | RuntimeException e) {
            LOG.error("Commit of {} writes failed; none were acknowledged: {}", batch.size(), e.getMessage());
            StorageException failure = new StorageException("the database could not commit: " + e.getMessage(), e);
            batch.forEach(pending -> pending.receipt().completeExceptionally(failure));
            return;
        }
        for (int i = 0; i < batch.size(); i++) {
            batch.get(i).receipt().complete(receipts.get(i));
        }
    }

    private Receipt write(NewEvent event, long now) throws SQLException {
        String id = EventIds.next(now);
        insertKey.setString(1, event.source());
        insertKey.setString(2, event.key());
        insertKey.setString(3, id);
        insertKey.setLong(4, now);
        if (insertKey.executeUpdate() == 0) {
            return new Receipt(firstEventId(event), true);
        }
        insertEvent.setString(1, id);
        insertEvent.setString(2, event.source());
        insertEvent.setString(3, event.provider());
        insertEvent.setString(4, event.type());
        insertEvent.setString(5, event.key());
        insertEvent.setLong(6, now);
        if (event.occurredAt() == null) {
            insertEvent.setNull(7, Types.INTEGER);
        } else {
            insertEvent.setLong(7, event.occurredAt().toEpochMilli());
        }
        insertEvent.setString(8, HeaderBlock.encode(event.headers()));
        insertEvent.setBytes(9, event.body());
        insertEvent.setLong(10, now);
        insertEvent.executeUpdate();
        return new Receipt(id, false);
    }

    private String firstEventId(NewEvent event) throws SQLException {
        findKey.setString(1, event.source());
        findKey.setString(2, event.key());
        try (ResultSet rows = findKey.executeQuery()) {
            if (!rows.next()) {
                throw new SQLException("idempotency key conflicted but cannot be read back");
            }
            return rows.getString(1);
        }
    }

    private Receipt touchHeartbeat(long now) throws SQLException {
        touchHeartbeat.setLong(1, now);
        touchHeartbeat.executeUpdate();
        return null;
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
        Pending pending;
        while ((pending = queue.poll()) != null) {
            pending.receipt().completeExceptionally(closed);
        }
    }

    /** Stops taking appends, commits those already queued, then stops the thread. */
    @Override
    public void close() throws InterruptedException {
        accepting = false;
        thread.join(TimeUnit.SECONDS.toMillis(30));
        failAll("the store is closed");
    }
}
