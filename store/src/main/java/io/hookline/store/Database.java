package io.hookline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The store on one engine: one {@link GroupCommitWriter} for every write of this process, and a few
 * read connections beside it. {@link EventStore}, {@link DeliveryQueue}, {@link EventQueries} and
 * {@link Retention} are views on it, one concern each, and say the same SQL on every engine but
 * for what {@link Dialect} varies.
 */
public final class Database implements AutoCloseable {

    private final StoreEngine engine;
    private final WriterSettings writerSettings;
    private final Clock clock;
    private final GroupCommitWriter writer;
    private final List<ConnectionSlot> readers;
    private final BlockingQueue<ConnectionSlot> idleReaders;
    private final Set<String> catalogue = ConcurrentHashMap.newKeySet();
    private final AtomicLong refusedBeforeTheWriter = new AtomicLong();

    private Database(StoreEngine engine, WriterSettings writerSettings, Clock clock) {
        this.engine = engine;
        this.writerSettings = writerSettings;
        this.clock = clock;
        this.writer = new GroupCommitWriter(new ConnectionSlot(engine::connectWriter, catalogue), engine.dialect(), clock,
                writerSettings.maxBatch(), writerSettings.queueCapacity());
        List<ConnectionSlot> slots = new ArrayList<>();
        for (int i = 0; i < engine.readers(); i++) {
            slots.add(new ConnectionSlot(engine::connect, catalogue));
        }
        this.readers = List.copyOf(slots);
        this.idleReaders = new ArrayBlockingQueue<>(Math.max(1, slots.size()));
        idleReaders.addAll(slots);
    }

    /**
     * The store on an engine whose schema is migrated. Its connections open when first used; the
     * engine's own open is where an unreachable database is reported.
     */
    public static Database open(StoreEngine engine, WriterSettings writerSettings, Clock clock) {
        return new Database(engine, writerSettings, clock);
    }

    /**
     * Starts reading into memory, in the background, what the writer would otherwise read from disk
     * while webhooks wait ({@link StoreEngine#warmUp()}). The receiver calls it once it listens, so
     * that the reading does not slow its start.
     */
    public void warmUp() {
        engine.warmUp();
    }

    /**
     * How many writes the store has refused since it opened: commits the database refused, writes
     * turned away because the writer's queue or the backlog of bodies was full. A sender's webhook
     * among them was answered 503; the count also moves with no webhook traffic, since the
     * dispatcher and the readiness check write too.
     */
    public long refusedWrites() {
        return writer.refused() + refusedBeforeTheWriter.get();
    }

    /** A write refused before it reached the writer (the backlog of bodies is full). */
    void refusedWrite() {
        refusedBeforeTheWriter.incrementAndGet();
    }

    /** What the store is on, for logs: the engine and where; never a password. */
    public String description() {
        return engine.description();
    }

    /** The local directory the data lives in (SQLite's data directory); empty for a database on a server. */
    public Optional<Path> localDirectory() {
        return Optional.ofNullable(engine.localDirectory());
    }

    /** How the writer batches. */
    public WriterSettings writerSettings() {
        return writerSettings;
    }

    /**
     * Calls {@code onWork} whenever another process sharing the database stores deliveries, until
     * the handle is closed; does nothing on an engine only this process opens.
     */
    public AutoCloseable listenForWork(Runnable onWork) {
        return engine.listenForWork(onWork);
    }

    /**
     * Every distinct SQL text the store has prepared since it opened, writes and reads alike: what
     * a test holds the query plans of.
     */
    public Set<String> statementsPrepared() {
        return Set.copyOf(catalogue);
    }

    Clock clock() {
        return clock;
    }

    Dialect dialect() {
        return engine.dialect();
    }

    <T> CompletableFuture<T> write(StoreWrite<T> write) {
        return writer.submit(write, null);
    }

    /** A write that inserts an idempotency key; such writes run first in a batch, in key order. */
    <T> CompletableFuture<T> writeLocking(String key, StoreWrite<T> write) {
        return writer.submit(write, key);
    }

    /**
     * Runs {@code work} on the writer's connection, inside the transaction of the batch it joins: it
     * commits with the batch, and is run again with it when the batch is. For record keeping through a
     * data layer of its own (the receiver's repositories), which so shares the one writer: SQLite takes
     * one writer at a time, and a second connection writing beside this one would wait for its lock or
     * fail. The connection lent cannot commit, roll back nor be closed ({@link LentConnection}).
     */
    public <T> CompletableFuture<T> writeOnConnection(ConnectionWork<T> work) {
        return write(context -> work.apply(LentConnection.of(context.connection(), catalogue, dialect())));
    }

    /**
     * As {@link #writeOnConnection}, and what the work replaces or deletes is overwritten in the
     * database file rather than left in its free space, where the engine can: for a value that must
     * not stay in clear.
     */
    public <T> CompletableFuture<T> writeOnConnectionErasing(ConnectionWork<T> work) {
        String eraseOn = dialect().eraseDeleted(true);
        String eraseOff = dialect().eraseDeleted(false);
        return write(context -> {
            if (eraseOn != null) {
                context.statement(eraseOn).execute();
            }
            try {
                return work.apply(LentConnection.of(context.connection(), catalogue, dialect()));
            } finally {
                if (eraseOff != null) {
                    context.statement(eraseOff).execute();
                }
            }
        });
    }

    /** Runs {@code work} on one of the read connections, in auto-commit mode; it must not write. */
    public <T> T readOnConnection(String what, ConnectionWork<T> work) {
        return read(what, statements -> work.apply(LentConnection.of(statements.connection(), catalogue, dialect())));
    }

    /** The store's connection as lent to a collaborator inside one of the store's own reads or writes. */
    Connection lend(Connection connection) {
        return LentConnection.of(connection, catalogue, dialect());
    }

    /** Work on a connection the store lends for the work's duration. */
    @FunctionalInterface
    public interface ConnectionWork<T> {
        T apply(Connection connection) throws SQLException;
    }

    /** A read on one of the read connections; waits while all are busy. */
    <T> T read(String what, StoreRead<T> read) {
        ConnectionSlot reader;
        try {
            reader = idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to " + what);
        }
        try {
            try {
                return read.apply(reader.statements());
            } catch (SQLException e) {
                if (!reader.afterFailure()) {
                    throw e;
                }
                // The connection was dead (the server restarted, an idle connection was cut); a
                // read changes nothing, so it runs again on a new one.
                return read.apply(reader.statements());
            }
        } catch (SQLException e) {
            reader.afterFailure();
            throw new StorageException("cannot " + what + ": " + e.getMessage(), e);
        } finally {
            idleReaders.add(reader);
        }
    }

    /** A read through one connection's prepared statements. */
    @FunctionalInterface
    interface StoreRead<T> {
        T apply(PreparedStatements statements) throws SQLException;
    }

    /** Commits what is queued, then closes every connection and the engine. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readers.forEach(ConnectionSlot::close);
            engine.close();
        }
    }
}
