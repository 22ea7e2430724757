/**
 * Backups of an embedded (SQLite) installation: one archive with a consistent snapshot of the
 * database, taken while the server keeps serving, plus the uploaded files and job results; and the
 * restore of such an archive into an empty data directory. Run from the command line
 * ({@code java -jar tidings.jar backup FILE}), without starting the server, or by an administrator
 * from the client as a background job ({@code POST /api/admin/backups}) into the data dir's backups/.
 */
package org.tidings.backup;
