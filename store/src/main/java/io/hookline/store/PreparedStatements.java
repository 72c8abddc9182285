package io.hookline.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * The prepared statements of one connection, each prepared once and reused for the connection's
 * lifetime. Every SQL text prepared is also noted in the database's catalogue, so a test can hold
 * the query plan of every statement the store issues.
 */
final class PreparedStatements {

    private final Connection connection;
    private final Set<String> catalogue;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    PreparedStatements(Connection connection, Set<String> catalogue) {
        this.connection = connection;
        this.catalogue = catalogue;
    }

    /** The statement for this SQL; close its result sets, never the statement itself. */
    PreparedStatement statement(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
            catalogue.add(sql);
        }
        return statement;
    }

    /** The connection the statements are prepared on. */
    Connection connection() {
        return connection;
    }

    /** Runs SQL that takes no parameters and returns no rows, such as {@code BEGIN}. */
    void execute(String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
