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
 */
public record SqliteSettings(Path dataDir, String synchronous, Duration busyTimeout) {

    private static final Set<String> SYNCHRONOUS_MODES = Set.of("NORMAL", "FULL", "EXTRA");

    /** The database file name inside {@link #dataDir()}. */
    public static final String FILE_NAME = "hookline.db";

    public SqliteSettings {
        synchronous = synchronous.toUpperCase(Locale.ROOT);
        if (!SYNCHRONOUS_MODES.contains(synchronous)) {
            throw new IllegalArgumentException(
                    "synchronous must be one of " + SYNCHRONOUS_MODES + ", not '" + synchronous + "'");
        }
    }

    /** The defaults: {@code synchronous=FULL} and a 5 s busy timeout. */
    public static SqliteSettings defaults(Path dataDir) {
        return new SqliteSettings(dataDir, "FULL", Duration.ofSeconds(5));
    }

    /** The database file. */
    public Path databaseFile() {
        return dataDir.resolve(FILE_NAME);
    }

    String jdbcUrl() {
        return "jdbc:sqlite:" + databaseFile()
                + "?journal_mode=WAL"
                + "&synchronous=" + synchronous
                + "&busy_timeout=" + busyTimeout.toMillis()
                + "&journal_size_limit=67108864"
                // Else the driver runs a query of its own after every insert, to have its generated key ready in
                // case it is asked for (about a third of the SQLite work of storing an event, measured); the
                // store's inserts never ask, and the few statements that do get it from the dialect.
                + "&jdbc.get_generated_keys=false";
    }
}
