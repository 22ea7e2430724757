package org.tidings.upload;

import java.util.Map;
import org.tidings.testing.PostgresDatabases;
import org.tidings.testing.TempDirs;

class TusRestartPostgresTest extends TusRestartContract {

    @Override
    Map<String, String> storage() {
        return Map.of(
                "tidings.db.url",
                PostgresDatabases.createDatabase(),
                "tidings.db.data-dir",
                TempDirs.create("tidings-tus-restart").toString());
    }
}
