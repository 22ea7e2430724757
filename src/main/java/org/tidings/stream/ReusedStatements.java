package org.tidings.stream;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the writer's prepared statements for the length of one batch. A batch runs the same
 * handful of statements for every write in it, and SQLite's driver prepares (parses and plans)
 * each statement afresh: that was a fifth of the server's CPU under a send load. Neither
 * HikariCP nor the SQLite driver caches statements, so the writer does, for one batch at a time:
 * the pool closes a connection's statements when it is handed back anyway.
 */
final class ReusedStatements implements AutoCloseable {

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new HashMap<>();
    private final Set<PreparedStatement> inUse = new HashSet<>();
    private final Connection proxy;

    ReusedStatements(Connection connection) {
        this.connection = connection;
        this.proxy = (Connection) Proxy.newProxyInstance(
                Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, this::onConnection);
    }

    /** The connection to run the batch on: {@code prepareStatement(sql)} reuses statements. */
    Connection connection() {
        return proxy;
    }

    private Object onConnection(Object self, Method method, Object[] args) throws Throwable {
        if (method.getName().equals("prepareStatement") && args.length == 1) {
            String sql = (String) args[0];
            PreparedStatement statement = prepared.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                prepared.put(sql, statement);
            } else if (inUse.contains(statement)) {
                // The same SQL run while its first use is still open: a statement of its own.
                return connection.prepareStatement(sql);
            }
            inUse.add(statement);
            return kept(statement);
        }
        return invoke(connection, method, args);
    }

    /** The statement as its user sees it: closing it only readies it for the next use. */
    private PreparedStatement kept(PreparedStatement statement) {
        InvocationHandler handler = (self, method, args) -> switch (method.getName()) {
            case "close" -> {
                if (inUse.remove(statement)) {
                    statement.clearParameters();
                }
                yield null;
            }
            case "isClosed" -> !inUse.contains(statement);
            default -> invoke(statement, method, args);
        };
        return (PreparedStatement) Proxy.newProxyInstance(
                PreparedStatement.class.getClassLoader(), new Class<?>[] {PreparedStatement.class}, handler);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public void close() throws SQLException {
        SQLException first = null;
        for (PreparedStatement statement : prepared.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        prepared.clear();
        inUse.clear();
        if (first != null) {
            throw first;
        }
    }
}
