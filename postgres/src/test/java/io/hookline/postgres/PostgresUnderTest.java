package io.hookline.postgres;

import io.hookline.store.EngineUnderTest;
import io.hookline.store.StoreEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A new empty database on the tests' PostgreSQL server. */
final class PostgresUnderTest implements EngineUnderTest {

    private PostgresSettings settings;

    @Override
    public void prepare(Path scratch) {
        TestPostgres server = TestPostgres.server();
        settings = server.settings(server.newDatabase());
    }

    @Override
    public StoreEngine open() {
        return PostgresEngine.open(settings);
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(settings.url(), settings.username(), settings.password());
    }
}
