package io.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** What a {@link StoreWrite} gets: the writer's prepared statements and the batch time. */
final class WriteContext {

    private final PreparedStatements statements;
    private final long now;
    private boolean workStored;
    private final BatchCounts counts = new BatchCounts();

    WriteContext(PreparedStatements statements, long now) {
        this.statements = statements;
        this.now = now;
    }

    /** A prepared statement for this SQL, prepared once and reused for the connection's lifetime. */
    PreparedStatement statement(String sql) throws SQLException {
        return statements.statement(sql);
    }

    /** The writer's connection, inside the batch's transaction. */
    Connection connection() {
        return statements.connection();
    }

    /** The time of the batch being written, epoch milliseconds. */
    long now() {
        return now;
    }

    /** Notes that the batch stores deliveries to run, so other processes are told at commit. */
    void workStored() {
        workStored = true;
    }

    boolean workStoredInBatch() {
        return workStored;
    }

    /** The counts of the events this batch inserts, for a dialect whose writer counts them. */
    BatchCounts counts() {
        return counts;
    }
}
