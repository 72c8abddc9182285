package io.hookline.store;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/** One engine the store contract runs on: empty storage for each test, opened as often as the test asks. */
public interface EngineUnderTest {

    /** Makes empty storage for the next test, in {@code scratch} if the engine keeps files. */
    void prepare(Path scratch) throws Exception;

    /** Opens (and migrates) the engine on that storage. */
    StoreEngine open();

    /** A connection of the test's own to that storage, for checking what the store wrote. */
    Connection connect() throws SQLException;
}
