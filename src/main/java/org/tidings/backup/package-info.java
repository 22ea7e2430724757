/**
 * Backups of an embedded (SQLite) installation: one archive with a consistent snapshot of the
 * database, taken while the server keeps serving, plus the uploaded files and job results; and the
 * restore of such an archive into an empty data directory. Run from the command line
 * ({@code java -jar tidings.jar backup FILE}), without starting the server.
 */
package org.tidings.backup;
