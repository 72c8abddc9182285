package io.hookline.sqlite;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** What a {@link StoreWrite} gets: the writer's prepared statements and the batch time. */
final class WriteContext {

    private final PreparedStatements statements;
    private long now;

    WriteContext(PreparedStatements statements) {
        this.statements = statements;
    }

    /** A prepared statement for this SQL, prepared once and reused for the writer's lifetime. */
    PreparedStatement statement(String sql) throws SQLException {
        return statements.statement(sql);
    }

    /** The time of the batch being written, epoch milliseconds. */
    long now() {
        return now;
    }

    void startBatch(long now) {
        this.now = now;
    }
}
