package io.hookline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every contract test of the store shares: empty storage on the engine under test before each
 * test, and ways to open the store on it and to look at what it wrote. Each engine module runs
 * every contract by extending it with its {@link EngineUnderTest}.
 */
public abstract class StoreContract {

    @TempDir
    protected Path scratch;

    private final EngineUnderTest engine;

    protected StoreContract(EngineUnderTest engine) {
        this.engine = engine;
    }

    @BeforeEach
    void emptyStorage() throws Exception {
        engine.prepare(scratch);
    }

    protected Database open() {
        return open(Clock.systemUTC());
    }

    protected Database open(Clock clock) {
        return open(clock, WriterSettings.defaults());
    }

    protected Database open(Clock clock, WriterSettings writer) {
        return Database.open(engine.open(), writer, clock);
    }

    protected StoreEngine openEngine() {
        return engine.open();
    }

    protected Connection connect() throws SQLException {
        return engine.connect();
    }

    /** The one number a query answers. */
    protected long count(String sql, Object... parameters) throws SQLException {
        try (Connection connection = connect(); PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
