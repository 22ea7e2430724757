package org.tidings.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Lets at most as many threads ask the pool for a connection as it has connections. With
 * thousands of virtual threads, HikariCP's hand-off (which spins while waiters exist) can
 * occupy every carrier thread waiting for a waiter that has no carrier to run on: a livelock
 * seen under load. Waiting here parks a virtual thread cheaply instead.
 */
final class ConnectionGate {

    private final Semaphore permits;
    private final long timeoutMillis;

    ConnectionGate(int permits, long timeoutMillis) {
        this.permits = new Semaphore(permits, true);
        this.timeoutMillis = timeoutMillis;
    }

    interface Source {
        Connection open() throws SQLException;
    }

    Connection acquire(Source source) throws SQLException {
        try {
            if (!permits.tryAcquire(timeoutMillis, TimeUnit.MILLISECONDS)) {
                throw new SQLTransientConnectionException(
                        "No database connection free within " + timeoutMillis + " ms");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLTransientConnectionException("Interrupted while waiting for a database connection", e);
        }
        try {
            return releasingOnClose(source.open());
        } catch (SQLException | RuntimeException e) {
            permits.release();
            throw e;
        }
    }

    private Connection releasingOnClose(Connection connection) {
        AtomicBoolean closed = new AtomicBoolean();
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                    connection.close();
                } finally {
                    if (closed.compareAndSet(false, true)) {
                        permits.release();
                    }
                }
                return null;
            }
            try {
                return method.invoke(connection, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Connection)
                Proxy.newProxyInstance(Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, handler);
    }
}
