package org.tidings.search;

import java.sql.Statement;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.springframework.stereotype.Component;
import org.tidings.storage.Database;

/**
 * V40: the message search index. A Java migration because the two databases share nothing here
 * (an FTS5 table and triggers on SQLite, trigram and bigram GIN indexes on PostgreSQL), and the
 * SQL migrations are shared with placeholders. Spring Boot hands JavaMigration beans to Flyway.
 *
 * <p>Both index the message body as it is now, maintained by the database itself (triggers, a
 * generated column), so every write path (send, edit, delete, erase) keeps the index right
 * without knowing it exists. A deleted message's body is '' and so leaves the index at once.
 */
@Component
class SearchIndexMigration implements JavaMigration {

    /**
     * SQLite: FTS5 with the trigram tokenizer (any substring of 3+ characters, in any script, no
     * word splitting needed). Contentless, so the text is stored once (in messages), with
     * contentless_delete so rows can be removed, and secure-delete so a removed row's terms are
     * rewritten out of the index b-tree instead of being shadowed by a delete marker: erased text
     * must not stay readable in the file. The body is indexed with a trailing newline so every
     * occurrence of a 2-character term is the start of some trigram (see SqliteSearch).
     */
    private static final String[] SQLITE = {
        """
        CREATE VIRTUAL TABLE message_search USING fts5(
            body, tokenize = 'trigram', content = '', contentless_delete = 1)""",
        "INSERT INTO message_search (message_search, rank) VALUES ('secure-delete', 1)",
        "CREATE VIRTUAL TABLE message_search_terms USING fts5vocab(message_search, 'row')",
        "INSERT INTO message_search (rowid, body) SELECT id, body || char(10) FROM messages WHERE body <> ''",
        """
        CREATE TRIGGER message_search_insert AFTER INSERT ON messages WHEN new.body <> '' BEGIN
            INSERT INTO message_search (rowid, body) VALUES (new.id, new.body || char(10));
        END""",
        """
        CREATE TRIGGER message_search_update AFTER UPDATE OF body ON messages
        WHEN old.body IS NOT new.body BEGIN
            DELETE FROM message_search WHERE rowid = old.id;
            INSERT INTO message_search (rowid, body) SELECT new.id, new.body || char(10) WHERE new.body <> '';
        END""",
        """
        CREATE TRIGGER message_search_delete AFTER DELETE ON messages BEGIN
            DELETE FROM message_search WHERE rowid = old.id;
        END"""
    };

    /**
     * PostgreSQL: pg_trgm's GIN index answers terms of 3+ characters (LIKE '%term%' on the
     * lower-cased body); terms of 1-2 characters have no trigram, so a generated tsvector of the
     * body's character bigrams (with a trailing newline, as on SQLite) answers those with the
     * full-text GIN machinery. Both are exact substring tests, so results match SQLite's.
     */
    private static final String[] POSTGRES = {
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        """
        CREATE FUNCTION tidings_bigrams(body TEXT) RETURNS tsvector
        LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
            SELECT coalesce(array_to_tsvector(array_agg(DISTINCT substr(t, i, 2))), ''::tsvector)
            FROM (SELECT lower(body) || E'\\n' AS t) s, generate_series(1, length(t) - 1) i
        $$""",
        "ALTER TABLE messages ADD COLUMN search_bigrams tsvector GENERATED ALWAYS AS (tidings_bigrams(body)) STORED",
        "CREATE INDEX messages_search_bigrams ON messages USING gin (search_bigrams)",
        "CREATE INDEX messages_search_trigrams ON messages USING gin (lower(body) gin_trgm_ops)"
    };

    private final Database database;

    SearchIndexMigration(Database database) {
        this.database = database;
    }

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("40");
    }

    @Override
    public String getDescription() {
        return "message search";
    }

    @Override
    public Integer getChecksum() {
        return String.join("\n", database == Database.SQLITE ? SQLITE : POSTGRES)
                .hashCode();
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            for (String sql : database == Database.SQLITE ? SQLITE : POSTGRES) {
                statement.execute(sql);
            }
        }
    }
}
