package io.hookline.sqlite;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import io.hookline.store.StorageException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);
    static final String LOCATION = "classpath:io/hookline/sqlite/migrations";
    private static final String HISTORY = "flyway_schema_history";

    private Migrations() {}

    static void apply(Path databaseFile) throws SQLException {
        String url = "jdbc:sqlite:" + databaseFile;
        int userVersion;
        boolean hasHistory;
        try (Connection connection = DriverManager.getConnection(url)) {
            userVersion = userVersion(connection);
            hasHistory = hasTable(connection, HISTORY);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(url, null, null)
                .locations(LOCATION)
                .table(HISTORY)
                .baselineOnMigrate(userVersion > 0 && !hasHistory)
                .baselineVersion(String.valueOf(Math.max(1, userVersion)))
                .baselineDescription("schema of a release before Flyway (user_version " + userVersion + ")")
                .load();
        MigrationInfo[] known = flyway.info().all();
        int newest = known.length == 0 ? 0 : Integer.parseInt(known[known.length - 1].getVersion().getVersion());
        if (userVersion > newest) {
            throw new StorageException("the database schema is at version " + userVersion
                    + " but this Hookline knows versions up to " + newest + "; run the newer Hookline that wrote it");
        }
        MigrateResult result;
        try {
            result = flyway.migrate();
        } catch (FlywayException e) {
            throw new StorageException("the database schema could not be migrated: " + e.getMessage(), e);
        }
        if (result.migrationsExecuted > 0) {
            LOG.info("Database schema migrated from version {} to {} ({} scripts)",
                    result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion, result.targetSchemaVersion,
                    result.migrationsExecuted);
        }
        try (Connection connection = DriverManager.getConnection(url); Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA user_version = " + Integer.parseInt(flyway.info().current().getVersion().getVersion()));
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
