package io.hookline.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Set;

/**
 * One connection of the store and its prepared statements, opened when first needed. After a
 * failure the connection is checked, and a broken one (the server restarted, the network dropped)
 * is closed so that the next use opens a new one: the store recovers by itself once the database
 * is back.
 */
final class ConnectionSlot implements AutoCloseable {

    private static final int VALIDITY_TIMEOUT_SECONDS = 2;

    /** Opens the slot's connection. */
    @FunctionalInterface
    interface Connector {
        Connection connect() throws SQLException;
    }

    private final Connector connector;
    private final Set<String> catalogue;
    private Connection connection;
    private PreparedStatements statements;

    ConnectionSlot(Connector connector, Set<String> catalogue) {
        this.connector = connector;
        this.catalogue = catalogue;
    }

    /** The statements of the open connection, connecting first if there is none. */
    PreparedStatements statements() throws SQLException {
        if (connection == null) {
            connection = connector.connect();
            statements = new PreparedStatements(connection, catalogue);
        }
        return statements;
    }

    /**
     * Closes the connection if it no longer answers, so the next use reconnects; answers whether it
     * did (the failure was the connection's, not the statement's).
     */
    boolean afterFailure() {
        if (connection == null) {
            return false;
        }
        boolean valid;
        try {
            valid = connection.isValid(VALIDITY_TIMEOUT_SECONDS);
        } catch (SQLException e) {
            valid = false;
        }
        if (!valid) {
            close();
        }
        return !valid;
    }

    @Override
    public void close() {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            // Closing is best effort; every committed write is on disk either way.
        } finally {
            connection = null;
            statements = null;
        }
    }
}
