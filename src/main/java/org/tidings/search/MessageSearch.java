package org.tidings.search;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tidings.storage.Database;

/**
 * Runs a search against the index the database maintains (SearchIndexMigration). Only
 * conversations the user is a member of right now are joined in, so leaving or being removed
 * takes a conversation out of their results at once; newest first, by message id.
 */
@Component
class MessageSearch {

    private static final String COLUMNS = """
            SELECT m.id, m.conversation_id, m.seq, m.body, m.sent_at,
                   u.id AS sender_id, u.username, u.display_name, c.kind, c.name,
                   (SELECT ou.display_name FROM conversation_members om JOIN users ou ON ou.id = om.user_id
                    WHERE om.conversation_id = m.conversation_id AND om.user_id <> ? LIMIT 1) AS other_name
            """;

    private static final String JOINS = """
            JOIN conversation_members cm ON cm.conversation_id = m.conversation_id AND cm.user_id = ?
            JOIN users u ON u.id = m.sender_id
            JOIN conversations c ON c.id = m.conversation_id
            """;

    private final JdbcClient jdbc;
    private final Database database;
    private final TransactionTemplate transactions;

    MessageSearch(JdbcClient jdbc, Database database, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.database = database;
        this.transactions = transactions;
    }

    /** Up to filter.limit() results; the caller asks for one more to know if a next page exists. */
    List<SearchResult> find(SearchQuery query, SearchFilter filter) {
        List<Object> params = new ArrayList<>(List.of(filter.userId(), filter.userId()));
        StringBuilder sql = new StringBuilder(COLUMNS);
        if (database == Database.SQLITE) {
            String match = SqliteMatch.expression(jdbc, query);
            if (match == null) {
                return List.of();
            }
            // CROSS JOIN keeps the FTS table outermost: it walks matches newest first and the
            // LIMIT stops it early, instead of reading every message of every conversation.
            sql.append("FROM message_search CROSS JOIN messages m ON m.id = message_search.rowid\n")
                    .append(JOINS)
                    .append("WHERE message_search MATCH ? AND message_search.rowid < ?\n");
            params.add(match);
            params.add(filter.belowId());
        } else {
            sql.append("FROM messages m\n").append(JOINS).append("WHERE m.id < ?\n");
            params.add(filter.belowId());
            for (String term : query.terms()) {
                if (SearchQuery.isShort(term)) {
                    sql.append("AND m.search_bigrams @@ ?::tsquery\n");
                    params.add(PostgresTerms.bigramQuery(term));
                } else {
                    sql.append("AND lower(m.body) LIKE ? ESCAPE '\\'\n");
                    params.add(PostgresTerms.containing(term));
                }
            }
        }
        String id = database == Database.SQLITE ? "message_search.rowid" : "m.id";
        if (filter.conversationId() != null) {
            sql.append("AND m.conversation_id = ?\n");
            params.add(filter.conversationId());
        }
        if (filter.senderId() != null) {
            sql.append("AND m.sender_id = ?\n");
            params.add(filter.senderId());
        }
        if (filter.sentBefore() != null) {
            sql.append("AND m.sent_at < ?\n");
            params.add(filter.sentBefore());
        }
        if (filter.sentAfter() != null) {
            sql.append("AND m.sent_at > ?\n");
            params.add(filter.sentAfter());
        }
        sql.append("ORDER BY ").append(id).append(" DESC LIMIT ?");
        params.add(filter.limit());
        if (database == Database.SQLITE) {
            return run(sql.toString(), params, query);
        }
        // After five executions PostgreSQL may switch a prepared statement to a generic plan,
        // chosen without the LIKE patterns: at a million messages that plan reads every message
        // containing both words in every conversation (350 ms for "deploy server") where the plan
        // for the actual words walks the newest messages and stops at the page (4 ms).
        return transactions.execute(status -> {
            jdbc.sql("SET LOCAL plan_cache_mode = force_custom_plan").update();
            return run(sql.toString(), params, query);
        });
    }

    private List<SearchResult> run(String sql, List<Object> params, SearchQuery query) {
        return jdbc.sql(sql)
                .params(params)
                .query((rs, n) -> {
                    String kind = rs.getString("kind");
                    String title = "direct".equals(kind) ? rs.getString("other_name") : rs.getString("name");
                    return new SearchResult(
                            rs.getLong("id"),
                            rs.getLong("seq"),
                            new SearchResult.Conversation(rs.getLong("conversation_id"), kind, title),
                            new SearchResult.Sender(
                                    rs.getLong("sender_id"), rs.getString("username"), rs.getString("display_name")),
                            Instant.ofEpochMilli(rs.getLong("sent_at")),
                            Snippet.of(rs.getString("body"), query.terms()));
                })
                .list();
    }
}
