package io.hookline.sqlite;

import io.hookline.store.StorageException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs Flyway over a database that {@link Migrations} did not find up to date. A class of its own so
 * that a start that needs no migration never loads Flyway.
 */
final class FlywayMigrations {

    private static final Logger LOG = LoggerFactory.getLogger(Migrations.class);

    private FlywayMigrations() {}

    static void migrate(String url, int userVersion, boolean hasHistory) throws SQLException {
        Flyway flyway = Flyway.configure()
                .dataSource(url, null, null)
                .locations(Migrations.LOCATION)
                .table(Migrations.HISTORY)
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
}
