package io.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** What a {@link StoreWrite} gets: the writer's prepared statements and the batch time. */
final class WriteContext {

    private final PreparedStatements statements;
    private final long now;
    private boolean workStored;
    private final BatchCounts counts;

    /** @param countsEvents whether the writer keeps the event counters ({@link Dialect#writerCountsEvents}) */
    WriteContext(PreparedStatements statements, long now, boolean countsEvents) {
        this.statements = statements;
        this.now = now;
        this.counts = countsEvents ? new BatchCounts() : null;
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

    /** The changes this batch makes to the event counters, or null where triggers keep them. */
    BatchCounts counts() {
        return counts;
    }
}
