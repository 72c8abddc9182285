package io.hookline.postgres;

import io.hookline.store.StorageException;
import io.hookline.store.StoreEngine;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL database that any number of receivers share. Each instance keeps its own writer
 * connection and readers; the database's constraints and row locks, not anything in Java, keep
 * the instances from storing a key twice or running a delivery twice at once.
 */
public final class PostgresEngine implements StoreEngine {

    private static final Logger LOG = LoggerFactory.getLogger(PostgresEngine.class);
    static final String MIGRATIONS = "classpath:io/hookline/postgres/migrations";
    private static final int READERS = 4;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;

    private final PostgresSettings settings;

    private PostgresEngine(PostgresSettings settings) {
        this.settings = settings;
    }

    /**
     * Connects once to check the database is there, then brings its schema up to date (Flyway takes
     * a lock in the database, so instances starting together migrate one after the other).
     *
     * @throws StorageException naming the URL (password masked) when the database cannot be reached
     *     or migrated
     */
    public static PostgresEngine open(PostgresSettings settings) {
        PostgresEngine engine = new PostgresEngine(settings);
        try (Connection check = engine.connect()) {
            check.isValid(CONNECT_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            throw new StorageException("cannot connect to PostgreSQL at " + settings.maskedUrl() + ": " + e.getMessage(), e);
        }
        engine.migrate();
        return engine;
    }

    private void migrate() {
        Flyway flyway = Flyway.configure()
                .dataSource(settings.url(), settings.username(), settings.password())
                .locations(MIGRATIONS)
                .load();
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                LOG.info("Database schema migrated from version {} to {} ({} scripts)",
                        result.initialSchemaVersion == null ? "none" : result.initialSchemaVersion,
                        result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StorageException("the database schema at " + settings.maskedUrl() + " could not be migrated: "
                    + e.getMessage(), e);
        }
    }

    @Override
    public String description() {
        return "PostgreSQL " + settings.maskedUrl() + (settings.username() == null ? "" : " as " + settings.username());
    }

    @Override
    public PostgresDialect dialect() {
        return PostgresDialect.INSTANCE;
    }

    @Override
    public Connection connect() throws SQLException {
        Properties properties = new Properties();
        if (settings.username() != null) {
            properties.setProperty("user", settings.username());
        }
        if (settings.password() != null) {
            properties.setProperty("password", settings.password());
        }
        properties.setProperty("ApplicationName", "hookline");
        properties.setProperty("connectTimeout", String.valueOf(CONNECT_TIMEOUT_SECONDS));
        properties.setProperty("tcpKeepAlive", "true");
        // Batched inserts (the migrate command) go as multi-row inserts; single statements are unchanged.
        properties.setProperty("reWriteBatchedInserts", "true");
        return DriverManager.getConnection(settings.url(), properties);
    }

    @Override
    public int readers() {
        return READERS;
    }

    @Override
    public AutoCloseable listenForWork(Runnable onWork) {
        return WorkListener.start(this::connect, onWork);
    }
}
