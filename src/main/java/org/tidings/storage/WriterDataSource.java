package org.tidings.storage;

import java.io.Closeable;
import java.io.IOException;
import javax.sql.DataSource;

/** The connection pool reserved for the single event writer (see DataSourceConfig). */
public final class WriterDataSource implements Closeable {

    private final DataSource dataSource;

    WriterDataSource(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    @Override
    public void close() throws IOException {
        if (dataSource instanceof EventLoopGuard guard && guard.getTargetDataSource() instanceof Closeable pool) {
            pool.close();
        }
    }
}
