package io.hookline.sqlite;

import io.hookline.store.EngineUnderTest;
import io.hookline.store.StoreEngine;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/** A new SQLite file in the test's scratch directory. */
final class SqliteUnderTest implements EngineUnderTest {

    private Path dataDir;

    @Override
    public void prepare(Path scratch) {
        dataDir = scratch;
    }

    @Override
    public StoreEngine open() {
        return SqliteEngine.open(SqliteSettings.defaults(dataDir));
    }

    @Override
    public Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dataDir.resolve(SqliteSettings.FILE_NAME));
    }
}
