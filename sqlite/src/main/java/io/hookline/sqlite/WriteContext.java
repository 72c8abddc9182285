package io.hookline.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** What a {@link StoreWrite} gets: the writer's connection, its prepared statements, the batch time. */
final class WriteContext {

    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();
    private long now;

    WriteContext(Connection connection) {
        this.connection = connection;
    }

    /** A prepared statement for this SQL, prepared once and reused for the writer's lifetime. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        }
        return statement;
    }

    /** The time of the batch being written, epoch milliseconds. */
    long now() {
        return now;
    }

    void startBatch(long now) {
        this.now = now;
    }
}
