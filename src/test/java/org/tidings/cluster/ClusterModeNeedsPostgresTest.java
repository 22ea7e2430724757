package org.tidings.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.tidings.testing.ServerProcess;
import org.tidings.testing.TempDirs;

/** Several nodes cannot share a SQLite file, so cluster mode on SQLite must not start at all. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ClusterModeNeedsPostgresTest {

    @Test
    void refusesToStartInClusterModeOnSqlite() throws Exception {
        // No Redis needed: the node must stop before it would connect to one.
        try (ServerProcess node = new ServerProcess(Map.of(
                "tidings.db.data-dir",
                TempDirs.create("tidings-sqlite").toString(),
                "tidings.cluster.redis-url",
                "redis://127.0.0.1:1"))) {
            assertThatThrownBy(node::start).hasMessageContaining("Server exited");
            assertThat(Files.readString(node.log().toPath()))
                    .contains("Cluster mode (tidings.cluster.redis-url, TIDINGS_REDIS_URL) needs PostgreSQL");
        }
    }
}
