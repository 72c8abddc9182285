package io.hookline.sqlite;

import io.hookline.store.StorageException;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One process at a time on a SQLite store: an exclusive lock on {@code hookline.db.lock} beside the
 * database, held while the store is open, with the holder's process id, host and start time in it
 * for the message the next one gets. SQLite itself would let a second process in (its locks are per
 * transaction), but a second receiver would release the first one's claims at its start, and
 * {@code migrate} would copy a store that keeps changing behind it. The operating system drops the
 * lock when the process ends, however it ends, so a crash never leaves the store locked.
 *
 * <p>The lock is the process's: opening the store again within the process (tests start the
 * receiver more than once, a failed start may leave its engine unclosed) shares it, and it is
 * released when the last opening is closed. File locks belong to the whole JVM, so this count is
 * what keeps one opening's close from unlocking the others.
 */
final class StoreLock implements AutoCloseable {

    static final String FILE_NAME = SqliteSettings.FILE_NAME + ".lock";

    /** The lock this process holds on each store, and how many openings share it. */
    private static final Map<Path, Held> HELD = new HashMap<>();

    private static final class Held {
        private final FileChannel channel;
        private final FileLock lock;
        private int openings;

        Held(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }
    }

    private final Path file;
    private boolean closed;

    private StoreLock(Path file) {
        this.file = file;
    }

    /** @throws StorageException naming the process that holds the store, when another one does */
    static StoreLock acquire(SqliteSettings settings) {
        Path file = settings.dataDir().resolve(FILE_NAME).toAbsolutePath().normalize();
        synchronized (HELD) {
            Held held = HELD.get(file);
            if (held == null) {
                held = lock(file, settings);
                HELD.put(file, held);
            }
            held.openings++;
        }
        return new StoreLock(file);
    }

    private static Held lock(Path file, SqliteSettings settings) {
        FileChannel channel = null;
        try {
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                String holder = Files.readString(file, StandardCharsets.UTF_8).strip();
                channel.close();
                throw new StorageException(settings.databaseFile() + " is in use by another Hookline process ("
                        + (holder.isEmpty() ? "unknown" : holder) + "); stop it first. A SQLite store serves one"
                        + " receiver; several instances share a PostgreSQL database instead (docs/scaling.md)");
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
            return new Held(channel, lock);
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
        synchronized (HELD) {
            if (closed) {
                return;
            }
            closed = true;
            Held held = HELD.get(file);
            if (held == null || --held.openings > 0) {
                return;
            }
            HELD.remove(file);
            try {
                held.lock.release();
            } catch (IOException e) {
                // Closing the channel below releases it as well.
            }
            closeQuietly(held.channel);
        }
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
