package io.hookline.sqlite;

import io.hookline.store.StorageException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * One process at a time on a SQLite store: an exclusive lock on {@code hookline.db.lock} beside the
 * database, held while the store is open, with the holder's process id, host and start time in it
 * for the message the next one gets. SQLite itself would let a second process in (its locks are per
 * transaction), but a second receiver would release the first one's claims at its start, and
 * {@code migrate} would copy a store that keeps changing behind it. The operating system drops the
 * lock when the process ends, however it ends, so a crash never leaves the store locked.
 */
final class StoreLock implements AutoCloseable {

    static final String FILE_NAME = SqliteSettings.FILE_NAME + ".lock";

    private final FileChannel channel;
    private final FileLock lock;

    private StoreLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** @throws StorageException naming the process that holds the store, when another one does */
    static StoreLock acquire(SqliteSettings settings) {
        Path file = settings.dataDir().resolve(FILE_NAME);
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // this very process has it open already
            }
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new StorageException(settings.databaseFile() + " is in use by another Hookline process ("
                        + (holder.isEmpty() ? "unknown" : holder) + "); stop it first. A SQLite store serves one"
                        + " receiver; several instances share a PostgreSQL database instead (docs/scaling.md)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
            return new StoreLock(channel, lock);
        } catch (IOException e) {
            closeQuietly(channel);
            throw new StorageException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    private static String holder() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this host";
        }
        return "pid " + ProcessHandle.current().pid() + " on " + host + ", since " + Instant.now() + "\n";
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException e) {
            // Nothing more to release.
        }
    }
}
