package org.tidings.stream;

import java.util.Map;
import org.tidings.testing.PostgresDatabases;

class CrashRecoveryPostgresTest extends CrashRecoveryContract {

    @Override
    Map<String, String> storage() {
        return Map.of("tidings.db.url", PostgresDatabases.createDatabase());
    }
}
