package org.tidings.stream;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Keeps the writer's prepared statements from batch to batch, as long as the writer keeps its
 * connection. Every batch runs the same handful of statements, and SQLite's driver prepares
 * (parses and plans) each statement afresh: that was a fifth of the server's CPU under a send
 * load, and still a tenth of the writer's when statements were kept for one batch only. Neither
 * HikariCP nor the SQLite driver caches statements, so the writer does; statements whose text
 * depends on a batch's size are padded to a few shapes ({@link WriteTx#paddedRows},
 * {@link WriteTx#chunkRows}) so they are reused too. The least recently used statement is closed
 * beyond {@link #MAX_STATEMENTS}.
 */
final class ReusedStatements implements AutoCloseable {

    // Far more than the statements a send load uses; bounds what rarer writes leave behind.
    static final int MAX_STATEMENTS = 256;

    private final Connection connection;
    private final Map<String, PreparedStatement> prepared = new LinkedHashMap<>(64, 0.75f, true);
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
                evictBeyondLimit();
            } else if (inUse.contains(statement)) {
                // The same SQL run while its first use is still open: a statement of its own.
                return connection.prepareStatement(sql);
            }
            inUse.add(statement);
            return kept(statement);
        }
        return invoke(connection, method, args);
    }

    private void evictBeyondLimit() throws SQLException {
        Iterator<PreparedStatement> eldest = prepared.values().iterator();
        while (prepared.size() > MAX_STATEMENTS && eldest.hasNext()) {
            PreparedStatement statement = eldest.next();
            if (!inUse.contains(statement)) {
                eldest.remove();
                statement.close();
            }
        }
    }

    /** The statement as its user sees it: closing it only readies it for the next use. */
    private PreparedStatement kept(PreparedStatement statement) {
        InvocationHandler handler = (self, method, args) -> switch (method.getName()) {
            case "close" -> {
                if (inUse.remove(statement)) {
                    statement.clearParameters();
                    statement.clearBatch();
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
