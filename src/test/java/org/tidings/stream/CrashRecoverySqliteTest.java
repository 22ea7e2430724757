package org.tidings.stream;

import java.util.Map;
import org.tidings.testing.TempDirs;

class CrashRecoverySqliteTest extends CrashRecoveryContract {

    @Override
    Map<String, String> storage() {
        return Map.of("tidings.db.data-dir", TempDirs.create("tidings-crash").toString());
    }
}
