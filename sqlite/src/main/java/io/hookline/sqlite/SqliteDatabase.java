package io.hookline.sqlite;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One SQLite file ({@code hookline.db} in the data directory) in WAL mode: one
 * {@link GroupCommitWriter} for every write, and a few read connections, which WAL lets run
 * beside the writer. {@link EventStore}, {@link DeliveryQueue} and {@link EventQueries} are views
 * on it, one concern each.
 */
public final class SqliteDatabase implements AutoCloseable {

    private static final int READERS = 4;
    private static final int PAGE_SIZE = 16_384;

    private final StoreSettings settings;
    private final Clock clock;
    private final Connection writeConnection;
    private final GroupCommitWriter writer;
    private final List<Connection> readConnections;
    private final BlockingQueue<PreparedStatements> idleReaders;
    private final Set<String> catalogue = ConcurrentHashMap.newKeySet();

    private SqliteDatabase(StoreSettings settings, Clock clock, Connection writeConnection, List<Connection> readers) {
        this.settings = settings;
        this.clock = clock;
        this.writeConnection = writeConnection;
        this.writer = new GroupCommitWriter(new PreparedStatements(writeConnection, catalogue), writeConnection, clock,
                settings.maxBatch(), settings.queueCapacity());
        this.readConnections = List.copyOf(readers);
        this.idleReaders = new ArrayBlockingQueue<>(readers.size());
        readers.forEach(reader -> idleReaders.add(new PreparedStatements(reader, catalogue)));
    }

    /**
     * Opens (creating if needed) the database in {@code settings.dataDir()} and brings its schema
     * up to date.
     *
     * @throws StorageException when the directory cannot be created or the file cannot be opened
     */
    public static SqliteDatabase open(StoreSettings settings, Clock clock) {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new StorageException("cannot create the data directory " + settings.dataDir() + ": " + e, e);
        }
        List<Connection> opened = new ArrayList<>();
        try {
            createIfAbsent(settings);
            Migrations.apply(settings.databaseFile());
            Connection write = DriverManager.getConnection(settings.jdbcUrl());
            opened.add(write);
            tuneWriter(write);
            List<Connection> readers = new ArrayList<>();
            for (int i = 0; i < READERS; i++) {
                Connection reader = DriverManager.getConnection(settings.jdbcUrl());
                opened.add(reader);
                readers.add(reader);
            }
            return new SqliteDatabase(settings, clock, write, readers);
        } catch (SQLException | RuntimeException e) {
            opened.forEach(SqliteDatabase::closeQuietly);
            throw e instanceof StorageException storage ? storage
                    : new StorageException("cannot open " + settings.databaseFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Creates a new database with 16 KiB pages: a 7 KB webhook body then fits in one overflow page
     * instead of two, which measured about a third more appends per second. The page size is fixed
     * once the file is in WAL mode, so it is set before.
     */
    private static void createIfAbsent(StoreSettings settings) throws SQLException {
        if (Files.exists(settings.databaseFile())) {
            return;
        }
        try (Connection bootstrap = DriverManager.getConnection("jdbc:sqlite:" + settings.databaseFile());
                Statement statement = bootstrap.createStatement()) {
            statement.execute("PRAGMA page_size = " + PAGE_SIZE);
            statement.execute("PRAGMA journal_mode = WAL");
        }
    }

    /**
     * The writer keeps a larger page cache (the idempotency index is written at random places).
     * The WAL is checkpointed every 1000 pages (16 MB), which bounds both the file and the pause of
     * the commit that runs the checkpoint.
     */
    private static void tuneWriter(Connection write) throws SQLException {
        try (Statement statement = write.createStatement()) {
            statement.execute("PRAGMA cache_size = -32768");
            statement.execute("PRAGMA wal_autocheckpoint = 1000");
        }
    }

    /** The settings the database was opened with. */
    public StoreSettings settings() {
        return settings;
    }

    Clock clock() {
        return clock;
    }

    <T> CompletableFuture<T> write(StoreWrite<T> write) {
        return writer.submit(write);
    }

    /**
     * Every distinct SQL text the store has prepared since it opened, writes and reads alike: what
     * a test runs {@code EXPLAIN QUERY PLAN} on.
     */
    public Set<String> statementsPrepared() {
        return Set.copyOf(catalogue);
    }

    /** A read on one of the read connections; waits while all are busy. */
    <T> T read(String what, StoreRead<T> read) {
        PreparedStatements reader;
        try {
            reader = idleReaders.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException("interrupted while waiting to " + what);
        }
        try {
            return read.apply(reader);
        } catch (SQLException e) {
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

    /** Commits what is queued, then closes every connection. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            readConnections.forEach(SqliteDatabase::closeQuietly);
            closeQuietly(writeConnection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing is best effort; the WAL keeps every committed write either way.
        }
    }
}
