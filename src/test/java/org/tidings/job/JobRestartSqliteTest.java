package org.tidings.job;

import java.util.Map;
import org.tidings.testing.TempDirs;

class JobRestartSqliteTest extends JobRestartContract {

    @Override
    Map<String, String> storage() {
        return Map.of(
                "tidings.db.data-dir", TempDirs.create("tidings-job-restart").toString());
    }
}
