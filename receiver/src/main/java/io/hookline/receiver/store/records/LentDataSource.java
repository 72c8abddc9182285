package io.hookline.receiver.store.records;

import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source Micronaut Data's repositories use: it hands out only the connection that
 * {@link StoreConnections} lent to the calling thread, and opens none.
 */
final class LentDataSource implements DataSource {

    private final StoreConnections connections;

    LentDataSource(StoreConnections connections) {
        this.connections = connections;
    }

    /** The data source named {@code default}, the one repositories use unless they name another. */
    @Factory
    static class Definition {

        @Singleton
        @Named("default")
        @Bean(typed = DataSource.class)
        DataSource dataSource(StoreConnections connections) {
            return new LentDataSource(connections);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return connections.lent();
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return connections.lent();
    }

    @Override
    public PrintWriter getLogWriter() {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        // No log of its own.
    }

    @Override
    public void setLoginTimeout(int seconds) {
        // It opens no connection.
    }

    @Override
    public int getLoginTimeout() {
        return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper of " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }
}
