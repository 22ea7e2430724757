package org.tidings.storage;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import reactor.core.scheduler.Schedulers;

/**
 * Refuses a JDBC connection to a Netty event-loop thread. One blocked event loop stalls every
 * connection it serves, so this turns a silent latency bug into a loud failure in any test that
 * takes the wrong path.
 */
final class EventLoopGuard extends DelegatingDataSource {

    private final ConnectionGate gate;

    EventLoopGuard(DataSource target, int maxConnections, long timeoutMillis) {
        super(target);
        this.gate = new ConnectionGate(maxConnections, timeoutMillis);
    }

    @Override
    public Connection getConnection() throws SQLException {
        check();
        return gate.acquire(super::getConnection);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        check();
        return gate.acquire(() -> super.getConnection(username, password));
    }

    static void check() {
        if (Schedulers.isInNonBlockingThread()) {
            throw new IllegalStateException("Blocking JDBC call on non-blocking thread "
                    + Thread.currentThread().getName());
        }
    }
}
