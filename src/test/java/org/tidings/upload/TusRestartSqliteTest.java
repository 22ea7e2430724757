package org.tidings.upload;

import java.util.Map;
import org.tidings.testing.TempDirs;

class TusRestartSqliteTest extends TusRestartContract {

    @Override
    Map<String, String> storage() {
        return Map.of(
                "tidings.db.data-dir", TempDirs.create("tidings-tus-restart").toString());
    }
}
