package io.hookline.store;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Set;

/**
 * One of the store's connections as lent to work outside the store ({@link Database#writeOnConnection}):
 * the store keeps owning it. Closing it does nothing; committing, rolling back or changing how it
 * commits is refused, since the writer's transaction holds other writes too; marking it read-only
 * is ignored, since the store already decides what a connection does (and SQLite's driver refuses
 * the mark on an open connection, which Micronaut Data sets for every finder: micronaut-data issue
 * 3560). The SQL prepared on it is noted in the store's catalogue, so the query-plan tests hold
 * those statements as they hold the store's own. A statement prepared to return its generated keys
 * gets them from the dialect's {@link Dialect#lastInsertedKey} where the driver does not fetch them.
 */
final class LentConnection {

    private static final Set<String> IGNORED = Set.of("close", "setReadOnly");
    private static final Set<String> REFUSED = Set.of("commit", "rollback", "setAutoCommit", "setSavepoint",
            "releaseSavepoint", "setTransactionIsolation", "abort");
    private static final Set<String> PREPARING = Set.of("prepareStatement", "prepareCall");

    private LentConnection() {}

    static Connection of(Connection connection, Set<String> catalogue, Dialect dialect) {
        return (Connection) Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class},
                (proxy, method, args) -> {
                    String name = method.getName();
                    if (IGNORED.contains(name)) {
                        return null;
                    }
                    if (REFUSED.contains(name)) {
                        throw new SQLFeatureNotSupportedException(
                                "the store owns this connection's transactions; " + name + " is not allowed");
                    }
                    if (PREPARING.contains(name)) {
                        catalogue.add((String) args[0]);
                    }
                    Object result = invoke(method, connection, args);
                    if (result instanceof PreparedStatement statement && dialect.lastInsertedKey() != null
                            && asksForKeys(args)) {
                        return withGeneratedKeys(statement, connection, dialect.lastInsertedKey());
                    }
                    return result;
                });
    }

    /** {@code prepareStatement(sql, RETURN_GENERATED_KEYS)}, or with the key columns named. */
    private static boolean asksForKeys(Object[] args) {
        return args != null && args.length == 2 && (Integer.valueOf(Statement.RETURN_GENERATED_KEYS).equals(args[1])
                || args[1] instanceof String[] || args[1] instanceof int[]);
    }

    private static PreparedStatement withGeneratedKeys(PreparedStatement statement, Connection connection, String query) {
        return (PreparedStatement) Proxy.newProxyInstance(PreparedStatement.class.getClassLoader(),
                new Class<?>[] {PreparedStatement.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getGeneratedKeys") && method.getParameterCount() == 0) {
                        Statement keys = connection.createStatement();
                        keys.closeOnCompletion();
                        return keys.executeQuery(query);
                    }
                    return invoke(method, statement, args);
                });
    }

    private static Object invoke(Method method, Object target, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
