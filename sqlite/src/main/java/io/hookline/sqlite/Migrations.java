package io.hookline.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Versioned schema migrations with Flyway, from {@code io/hookline/sqlite/migrations}; each script
 * runs once, in its own transaction. Never edit a shipped script: add one.
 *
 * <p>Releases before Flyway kept the schema version in SQLite's {@code user_version} and have no
 * history table: such a database is baselined at its version, so its data stays and only later
 * scripts run. After migrating, {@code user_version} is set to the schema version too, so a Hookline
 * of that earlier kind refuses a database newer than it knows.
 */
final class Migrations {

    static final String LOCATION = "classpath:io/hookline/sqlite/migrations";
    static final String HISTORY = "flyway_schema_history";

    private Migrations() {}

    /**
     * The newest script's version. A database whose history ends there, as its {@code user_version}
     * says, is opened without starting Flyway: Flyway loads some 300 classes and reads every script
     * to find nothing to do, about a second of each start (docs/performance.md). MigrationTest holds
     * this to the newest script shipped.
     */
    static final int NEWEST = 23;

    static void apply(Path databaseFile) throws SQLException {
        String url = "jdbc:sqlite:" + databaseFile;
        int userVersion;
        boolean hasHistory;
        try (Connection connection = DriverManager.getConnection(url)) {
            userVersion = userVersion(connection);
            hasHistory = hasTable(connection, HISTORY);
            if (hasHistory && userVersion == NEWEST && historyEndsAt(connection, NEWEST)) {
                return;
            }
        }
        FlywayMigrations.migrate(url, userVersion, hasHistory);
    }

    /** Whether every script in the history succeeded and the last one is this version. */
    private static boolean historyEndsAt(Connection connection, int version) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT (SELECT count(*) FROM " + HISTORY + " WHERE NOT success),"
                        + " (SELECT version FROM " + HISTORY + " ORDER BY installed_rank DESC LIMIT 1)")) {
            return rows.getInt(1) == 0 && String.valueOf(version).equals(rows.getString(2));
        }
    }

    static int userVersion(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
            return rows.getInt(1);
        }
    }

    private static boolean hasTable(Connection connection, String table) throws SQLException {
        try (var query = connection.prepareStatement("SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            query.setString(1, table);
            try (ResultSet rows = query.executeQuery()) {
                return rows.getInt(1) > 0;
            }
        }
    }
}
