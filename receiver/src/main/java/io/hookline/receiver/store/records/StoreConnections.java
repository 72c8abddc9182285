package io.hookline.receiver.store.records;

import io.hookline.store.Database;
import io.micronaut.data.exceptions.DataAccessException;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Where the receiver's repositories, which keep the plain records (reconciliation runs,
 * subscriptions, replays), get their connections (through
 * {@link LentDataSource}): not a pool of their own, but the store's connections, lent for one unit of
 * work. A write runs on the writer's connection, inside the batch it joins
 * ({@link Database#writeOnConnection}): so on SQLite, which lets one connection write at a time, a
 * repository never waits for the writer's lock nor fails with {@code SQLITE_BUSY}, and what it wrote
 * is on disk when its future completes, as every other write of the store. A read runs on one of the
 * store's read connections. One pool, one writer, the same durability on both engines.
 *
 * <p>A repository called outside {@link #write} or {@link #read} has no connection and fails.
 */
@Singleton
public final class StoreConnections {

    private final Database database;
    private final ThreadLocal<Connection> lent = new ThreadLocal<>();

    public StoreConnections(Database database) {
        this.database = database;
    }

    /** Runs {@code work}, the repository calls of one write, in the writer's next commit. */
    public <T> CompletableFuture<T> write(Supplier<T> work) {
        return database.writeOnConnection(connection -> lend(connection, work));
    }

    /**
     * As {@link #write}, and what the work replaces or deletes is overwritten in the database file
     * where the engine can ({@link Database#writeOnConnectionErasing}): for values that were in clear.
     */
    public <T> CompletableFuture<T> writeErasing(Supplier<T> work) {
        return database.writeOnConnectionErasing(connection -> lend(connection, work));
    }

    /** Runs {@code work}, repository reads, on a read connection; {@code what} names it in a failure. */
    public <T> T read(String what, Supplier<T> work) {
        return database.readOnConnection(what, connection -> lend(connection, work));
    }

    /**
     * Runs {@code work}, reads in plain JDBC without a repository, on a read connection; {@code what} names
     * it in a failure.
     */
    public <T> T readJdbc(String what, Database.ConnectionWork<T> work) {
        return database.readOnConnection(what, work);
    }

    /**
     * Runs {@code work} on a connection the store lent inside its own read or write (to the replay
     * history, say), in that read's or write's transaction.
     */
    public <T> T on(Connection connection, Supplier<T> work) throws SQLException {
        return lend(connection, work);
    }

    private <T> T lend(Connection connection, Supplier<T> work) throws SQLException {
        lent.set(connection);
        try {
            return work.get();
        } catch (DataAccessException e) {
            // The store tells a refused write from a lost connection or a deadlock by the SQLException.
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        } finally {
            lent.remove();
        }
    }

    /** The connection lent to this thread; fails when there is none. */
    Connection lent() throws SQLException {
        Connection connection = lent.get();
        if (connection == null) {
            throw new SQLException("a repository ran outside StoreConnections.write or read: it has no connection");
        }
        return connection;
    }
}
