package io.hookline.sqlite;

import io.hookline.store.StorageException;
import io.hookline.store.StoreEngine;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One SQLite file ({@code hookline.db} in the data directory) in WAL mode, which lets a few read
 * connections run beside the one writer. Only this process opens it: {@link StoreLock} refuses a
 * second one while this engine is open.
 */
public final class SqliteEngine implements StoreEngine {

    private static final int READERS = 4;
    private static final int PAGE_SIZE = 4_096;

    private final SqliteSettings settings;
    private final StoreLock lock;
    private volatile KeyIndexWarmUp warmUp;

    private SqliteEngine(SqliteSettings settings, StoreLock lock) {
        this.settings = settings;
        this.lock = lock;
    }

    /**
     * Opens (creating if needed) the database in {@code settings.dataDir()} and brings its schema
     * up to date.
     *
     * @throws StorageException when the directory cannot be created, the file cannot be opened, or
     *     another process has the store open
     */
    public static SqliteEngine open(SqliteSettings settings) {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new StorageException("cannot create the data directory " + settings.dataDir() + ": " + e, e);
        }
        StoreLock lock = StoreLock.acquire(settings);
        try {
            createIfAbsent(settings);
            Migrations.apply(settings.databaseFile());
            try (Connection check = DriverManager.getConnection(settings.jdbcUrl())) {
                check.isValid(1);
            }
        } catch (SQLException e) {
            lock.close();
            throw new StorageException("cannot open " + settings.databaseFile() + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
        return new SqliteEngine(settings, lock);
    }

    /**
     * Creates a new database with 4 KiB pages. Each new idempotency key lands on a random page of
     * its index, which once it outgrows the cache is one page written to the WAL and later back to
     * the file per webhook: 4 KiB pages write a third of the bytes 16 KiB pages do (measured by
     * {@code IndexLayoutCompare} in samples/loadgen), and a compressed body fits in the row. The
     * page size is fixed once the file is in WAL mode, so it is set before; a database created with
     * other pages keeps them.
     */
    private static void createIfAbsent(SqliteSettings settings) throws SQLException {
        if (Files.exists(settings.databaseFile())) {
            return;
        }
        try (Connection bootstrap = DriverManager.getConnection("jdbc:sqlite:" + settings.databaseFile());
                Statement statement = bootstrap.createStatement()) {
            statement.execute("PRAGMA page_size = " + PAGE_SIZE);
            statement.execute("PRAGMA journal_mode = WAL");
        }
    }

    /** The settings the database was opened with. */
    public SqliteSettings settings() {
        return settings;
    }

    @Override
    public String description() {
        return "SQLite " + settings.databaseFile().toAbsolutePath().normalize() + " (synchronous="
                + settings.synchronous() + ")";
    }

    @Override
    public SqliteDialect dialect() {
        return SqliteDialect.INSTANCE;
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.jdbcUrl());
    }

    /**
     * The writer keeps a larger page cache (the idempotency index is written at random places).
     * The WAL is checkpointed every 1000 pages (16 MB), which bounds both the file and the pause of
     * the commit that runs the checkpoint.
     */
    @Override
    public Connection connectWriter() throws SQLException {
        Connection write = connect();
        try (Statement statement = write.createStatement()) {
            statement.execute("PRAGMA cache_size = -32768");
            statement.execute("PRAGMA wal_autocheckpoint = 1000");
        } catch (SQLException e) {
            write.close();
            throw e;
        }
        return write;
    }

    /** Reads the idempotency index ahead of the writer ({@link KeyIndexWarmUp} says why). */
    @Override
    public synchronized void warmUp() {
        if (warmUp == null) {
            warmUp = KeyIndexWarmUp.start(this);
        }
    }

    /** The warm-up started by {@link #warmUp()}, or null before. */
    KeyIndexWarmUp keyIndexWarmUp() {
        return warmUp;
    }

    @Override
    public void close() {
        KeyIndexWarmUp running = warmUp;
        if (running != null) {
            running.close();
        }
        lock.close();
    }

    @Override
    public Path localDirectory() {
        return settings.dataDir();
    }

    @Override
    public int readers() {
        return READERS;
    }
}
