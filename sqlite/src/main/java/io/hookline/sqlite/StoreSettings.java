package io.hookline.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * How the store opens its SQLite file.
 *
 * @param dataDir the directory of {@code hookline.db}; created if absent
 * @param synchronous SQLite's {@code synchronous} pragma: {@code FULL} (the default: an
 *     acknowledged event survives power loss) or {@code NORMAL}, {@code EXTRA}
 * @param busyTimeout how long a write waits for another connection's lock before it fails
 * @param maxBatch the most writes grouped into one commit
 * @param queueCapacity the most writes waiting for the writer; beyond it, appends fail at once
 * @param maxPendingBytes the most body bytes waiting for the writer; beyond it, appends fail at
 *     once, so a flood of large bodies cannot exhaust the heap
 */
public record StoreSettings(
        Path dataDir, String synchronous, Duration busyTimeout, int maxBatch, int queueCapacity, long maxPendingBytes) {

    private static final Set<String> SYNCHRONOUS_MODES = Set.of("NORMAL", "FULL", "EXTRA");

    /** The database file name inside {@link #dataDir()}. */
    public static final String FILE_NAME = "hookline.db";

    public StoreSettings {
        synchronous = synchronous.toUpperCase(Locale.ROOT);
        if (!SYNCHRONOUS_MODES.contains(synchronous)) {
            throw new IllegalArgumentException(
                    "synchronous must be one of " + SYNCHRONOUS_MODES + ", not '" + synchronous + "'");
        }
        if (maxBatch < 1 || queueCapacity < 1 || maxPendingBytes < 1) {
            throw new IllegalArgumentException("maxBatch, queueCapacity and maxPendingBytes must be positive");
        }
    }

    /** The defaults: {@code synchronous=FULL}, a 5 s busy timeout, batches of up to 512, 64 MB queued. */
    public static StoreSettings defaults(Path dataDir) {
        return new StoreSettings(dataDir, "FULL", Duration.ofSeconds(5), 512, 20_000, DEFAULT_MAX_PENDING_BYTES);
    }

    /** 64 MB of bodies waiting for a commit. */
    public static final long DEFAULT_MAX_PENDING_BYTES = 64L * 1024 * 1024;

    /** The database file. */
    public Path databaseFile() {
        return dataDir.resolve(FILE_NAME);
    }

    String jdbcUrl() {
        return "jdbc:sqlite:" + databaseFile()
                + "?journal_mode=WAL"
                + "&synchronous=" + synchronous
                + "&busy_timeout=" + busyTimeout.toMillis()
                + "&journal_size_limit=67108864";
    }
}
