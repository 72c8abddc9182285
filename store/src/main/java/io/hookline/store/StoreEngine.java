package io.hookline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * One database engine under the store: how to reach it, the SQL that differs on it, and whether it
 * can tell this process about work stored by another. The SQLite and PostgreSQL modules each
 * supply one; {@link Database} does the rest the same way on both. By the time an engine is handed
 * to {@link Database#open}, its schema is migrated.
 */
public interface StoreEngine extends AutoCloseable {

    /** What the logs and the start-up report name the store by; never a password. */
    String description();

    /** The SQL that differs on this engine. */
    Dialect dialect();

    /** A new read connection in auto-commit mode. */
    Connection connect() throws SQLException;

    /** The writer's connection, in auto-commit mode (the writer opens its transactions itself). */
    default Connection connectWriter() throws SQLException {
        return connect();
    }

    /** The local directory the data lives in, whose free space matters; null for a database on a server. */
    default Path localDirectory() {
        return null;
    }

    /** How many read connections the store keeps beside the writer. */
    int readers();

    /**
     * Calls {@code onWork} whenever another process sharing this database stores work to dispatch,
     * until the returned handle is closed. An engine that only one process opens does nothing.
     */
    default AutoCloseable listenForWork(Runnable onWork) {
        return () -> {};
    }

    /**
     * Starts reading into memory, in the background, what the writer would otherwise read from
     * disk while webhooks wait; called at most once, after the store opened. An engine whose server
     * keeps its own cache does nothing.
     */
    default void warmUp() {}

    /** Releases what the engine holds beyond the store's connections. */
    @Override
    default void close() {}
}
