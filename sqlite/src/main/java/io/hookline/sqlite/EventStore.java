package io.hookline.sqlite;

import io.hookline.spi.StoredEvent;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Events and their idempotency keys in one SQLite file ({@code hookline.db} in the data
 * directory), in WAL mode.
 *
 * <p>Writes go through one {@link GroupCommitWriter}; reads use their own connection, which WAL
 * lets run beside the writer.
 */
public final class EventStore implements AutoCloseable {

    private static final String FIND_EVENT = "SELECT id, source, provider, event_type, idempotency_key,"
            + " received_at, occurred_at, headers, body FROM events WHERE id = ?";

    private final StoreSettings settings;
    private final Connection writeConnection;
    private final Connection readConnection;
    private final GroupCommitWriter writer;

    private EventStore(StoreSettings settings, Connection writeConnection, Connection readConnection,
            GroupCommitWriter writer) {
        this.settings = settings;
        this.writeConnection = writeConnection;
        this.readConnection = readConnection;
        this.writer = writer;
    }

    /**
     * Opens (creating if needed) the database in {@code settings.dataDir()} and brings its schema
     * up to date.
     *
     * @throws StorageException when the directory cannot be created or the file cannot be opened
     */
    public static EventStore open(StoreSettings settings, Clock clock) {
        try {
            Files.createDirectories(settings.dataDir());
        } catch (IOException e) {
            throw new StorageException("cannot create the data directory " + settings.dataDir() + ": " + e, e);
        }
        Connection write = null;
        try {
            write = DriverManager.getConnection(settings.jdbcUrl());
            Migrations.apply(write);
            Connection read = DriverManager.getConnection(settings.jdbcUrl());
            GroupCommitWriter writer = new GroupCommitWriter(write, clock, settings.maxBatch(),
                    settings.queueCapacity());
            return new EventStore(settings, write, read, writer);
        } catch (SQLException e) {
            closeQuietly(write);
            throw new StorageException("cannot open " + settings.databaseFile() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Stores the event unless its key is already stored for its source. The future completes
     * after the commit with the new event id, or with the first event's id for a duplicate; it
     * fails with {@link StorageException} when nothing could be committed.
     */
    public CompletableFuture<Receipt> append(NewEvent event) {
        return writer.append(event);
    }

    /** Completes once a write has been committed through the writer; fails when none can be. */
    public CompletableFuture<Void> checkWritable() {
        return writer.heartbeat().thenApply(ignored -> null);
    }

    /** The stored event with this id, with its body and kept headers. */
    public Optional<StoredEvent> find(String id) {
        synchronized (readConnection) {
            try (PreparedStatement query = readConnection.prepareStatement(FIND_EVENT)) {
                query.setString(1, id);
                try (ResultSet row = query.executeQuery()) {
                    if (!row.next()) {
                        return Optional.empty();
                    }
                    long occurred = row.getLong("occurred_at");
                    Instant occurredAt = row.wasNull() ? null : Instant.ofEpochMilli(occurred);
                    return Optional.of(new StoredEvent(
                            row.getString("id"),
                            row.getString("source"),
                            row.getString("provider"),
                            row.getString("event_type"),
                            row.getString("idempotency_key"),
                            Instant.ofEpochMilli(row.getLong("received_at")),
                            occurredAt,
                            HeaderBlock.decode(row.getString("headers")),
                            row.getBytes("body")));
                }
            } catch (SQLException e) {
                throw new StorageException("cannot read event " + id + ": " + e.getMessage(), e);
            }
        }
    }

    /** The settings the store was opened with. */
    public StoreSettings settings() {
        return settings;
    }

    /** Commits what is queued, then closes the database. */
    @Override
    public void close() {
        try {
            writer.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closeQuietly(readConnection);
            closeQuietly(writeConnection);
        }
    }

    private static void closeQuietly(Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException e) {
                // Closing is best effort; the WAL keeps every committed write either way.
            }
        }
    }
}
