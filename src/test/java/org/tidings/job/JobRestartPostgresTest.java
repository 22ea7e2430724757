package org.tidings.job;

import java.util.Map;
import org.tidings.testing.PostgresDatabases;
import org.tidings.testing.TempDirs;

class JobRestartPostgresTest extends JobRestartContract {

    @Override
    Map<String, String> storage() {
        return Map.of(
                "tidings.db.url",
                PostgresDatabases.createDatabase(),
                "tidings.db.data-dir",
                TempDirs.create("tidings-job-restart").toString());
    }
}
