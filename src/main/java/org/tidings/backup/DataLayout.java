package org.tidings.backup;

import java.nio.file.Path;

/**
 * Where an embedded installation keeps its data: the SQLite file and the two directories of files
 * that rows point at. The defaults mirror application.yml (uploads and jobs under the data dir).
 */
record DataLayout(Path dataDir, Path uploadsDir, Path jobsDir) {

    static final String DATABASE = "tidings.db";

    static DataLayout under(Path dataDir) {
        return new DataLayout(dataDir, dataDir.resolve("uploads"), dataDir.resolve("jobs"));
    }

    Path database() {
        return dataDir.resolve(DATABASE);
    }

    String jdbcUrl() {
        return "jdbc:sqlite:" + database();
    }
}
