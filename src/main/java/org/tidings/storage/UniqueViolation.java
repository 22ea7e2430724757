package org.tidings.storage;

import java.sql.SQLException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;

/** Recognises a unique-constraint violation on both databases (SQLite reports no SQLState). */
public final class UniqueViolation {

    private UniqueViolation() {}

    public static boolean is(DataAccessException e) {
        if (e instanceof DuplicateKeyException) {
            return true;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                if ("23505".equals(sql.getSQLState())) {
                    return true;
                }
                String message = sql.getMessage();
                if (message != null && message.contains("UNIQUE constraint failed")) {
                    return true;
                }
            }
        }
        return false;
    }
}
