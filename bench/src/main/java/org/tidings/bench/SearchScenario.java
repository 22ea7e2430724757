package org.tidings.bench;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Scenario "search" (issue 15): a corpus of mixed English and Chinese messages in 1,000 groups,
 * the searcher a member of 100 of them, bulk-loaded straight into the database (through the
 * same triggers / generated column that maintain the index for real sends) while a Tidings
 * server runs on it; then p50/p95 of GET /api/search through HTTP for a two-word English query
 * and a two-character Chinese query, the index's size per million messages, and the single-row
 * insert rate (one transaction per message, as a send commits) with and without the index.
 *
 * <p>Run alone ({@code bench/run.sh --only search [--messages N]}); it writes search.md to the
 * output directory and does not touch the other scenarios' published results.
 */
final class SearchScenario {

    static final int CONVERSATIONS = 1_000;
    static final int SEARCHER_IN = 100;
    static final int SENDERS = 20;
    static final int QUERIES = 200;
    static final int WARM_UP = 20;
    static final int INSERTS = 1_000;
    static final String ENGLISH_QUERY = "deploy server";
    static final String CHINESE_QUERY = "周末";

    private SearchScenario() {}

    static void run(Options options, Launcher launcher, int messages) throws Exception {
        StringBuilder report = new StringBuilder();
        report.append(String.format(Locale.ROOT, "Measured %s UTC, load average %s at the start.%n%n",
                        LocalDateTime.now(ZoneOffset.UTC).withNano(0), loadAverage()))
                .append(String.format(Locale.ROOT, "Corpus: %,d messages (half English, half Chinese), %,d groups, "
                        + "the searcher a member of %d; %d timed queries each after %d warm-up.%n%n",
                        messages, CONVERSATIONS, SEARCHER_IN, QUERIES, WARM_UP))
                .append("| database | load (msg/s) | p50 \"" + ENGLISH_QUERY + "\" ms | p95 ms | hits | p50 \""
                        + CHINESE_QUERY + "\" ms | p95 ms | hits | index MB per 1M msgs | inserts/s with index | without |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        Path data = options.work().resolve("search-sqlite");
        deleteRecursively(data);
        try (TidingsTarget tidings = launcher.tidings("tidings-search-sqlite", data, null)) {
            String url = "jdbc:sqlite:" + data.resolve("tidings.db") + "?journal_mode=WAL&synchronous=FULL&busy_timeout=30000";
            report.append(measure("SQLite", tidings, url, false, messages));
        }
        try (Postgres database = Postgres.create(options.postgres(), "tidings_bench_search_" + ProcessHandle.current().pid())) {
            try (TidingsTarget tidings = launcher.tidings("tidings-search-pg", null, database.jdbcUrl())) {
                report.append(measure("PostgreSQL", tidings, database.jdbcUrl(), true, messages));
            }
        } catch (java.io.IOException e) {
            report.append("| PostgreSQL | not measured: ").append(e.getMessage()).append(" |\n");
        }
        report.append(String.format(Locale.ROOT, "%nLoad average %s at the end (2 cores: above 2 means other work shared them).%n", loadAverage()));
        Files.createDirectories(options.out());
        Publisher.writeBetweenMarkers(options.out().resolve("search.md"), "# Search benchmark", report.toString());
        System.out.println(report);
    }

    private static String loadAverage() throws IOException {
        String[] parts = Files.readString(Path.of("/proc/loadavg")).split(" ");
        return parts[0] + ", " + parts[1] + ", " + parts[2];
    }

    private static String measure(String name, TidingsTarget tidings, String url, boolean postgres, int messages)
            throws Exception {
        System.out.println("  search " + name + ": signing up " + (SENDERS + 1) + " users");
        tidings.prepare(SENDERS + 1, false, false);
        List<TidingsApi.User> users = tidings.users();
        TidingsApi.User searcher = users.getFirst();
        try (Connection db = DriverManager.getConnection(url)) {
            long start = System.nanoTime();
            load(db, users, messages);
            double loadRate = messages / ((System.nanoTime() - start) / 1e9);
            System.out.printf(Locale.ROOT, "  search %s: loaded %,d messages at %.0f/s%n", name, messages, loadRate);
            if (postgres) {
                try (Statement s = db.createStatement()) {
                    s.execute("ANALYZE");
                }
            }
            double[] english = queries(tidings.httpClient(), tidings.api().base(), searcher.token(), ENGLISH_QUERY);
            double[] chinese = queries(tidings.httpClient(), tidings.api().base(), searcher.token(), CHINESE_QUERY);
            double indexMb = indexBytes(db, postgres) / 1e6 * (1_000_000.0 / messages);
            double withIndex = insertRate(db, users);
            dropIndex(db, postgres);
            double withoutIndex = insertRate(db, users);
            return String.format(Locale.ROOT, "| %s | %.0f | %.1f | %.1f | %.0f | %.1f | %.1f | %.0f | %.0f | %.0f | %.0f |%n",
                    name, loadRate, english[0], english[1], english[2], chinese[0], chinese[1], chinese[2], indexMb,
                    withIndex, withoutIndex);
        }
    }

    /** Groups, memberships and messages, in big transactions; ids come back through RETURNING. */
    private static void load(Connection db, List<TidingsApi.User> users, int messages) throws Exception {
        db.setAutoCommit(false);
        long now = System.currentTimeMillis();
        long[] conversations = new long[CONVERSATIONS];
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO conversations (kind, name, last_seq, last_activity_at, created_at) VALUES ('group', ?, ?, ?, ?) RETURNING id")) {
            for (int i = 0; i < CONVERSATIONS; i++) {
                insert.setString(1, "room " + i);
                insert.setLong(2, messages / CONVERSATIONS + 1);
                insert.setLong(3, now);
                insert.setLong(4, now);
                try (ResultSet rs = insert.executeQuery()) {
                    rs.next();
                    conversations[i] = rs.getLong(1);
                }
            }
        }
        // Five senders in each group; the searcher (users[0]) in the first 100.
        try (PreparedStatement member = db.prepareStatement(
                "INSERT INTO conversation_members (conversation_id, user_id, role, joined_at) VALUES (?, ?, 'member', ?)")) {
            for (int i = 0; i < CONVERSATIONS; i++) {
                for (long user : membersOf(i, users)) {
                    member.setLong(1, conversations[i]);
                    member.setLong(2, user);
                    member.setLong(3, now);
                    member.addBatch();
                }
            }
            member.executeBatch();
        }
        db.commit();
        Random random = new Random(15);
        long[] seqs = new long[CONVERSATIONS];
        long sentAt = now - messages * 1000L;
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO messages (conversation_id, seq, sender_id, body, sent_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int n = 0; n < messages; n++) {
                int c = random.nextInt(CONVERSATIONS);
                long[] members = membersOf(c, users);
                insert.setLong(1, conversations[c]);
                insert.setLong(2, ++seqs[c]);
                insert.setLong(3, members[1 + random.nextInt(members.length - 1)]);
                insert.setString(4, Corpus.message(random));
                insert.setLong(5, sentAt += 1000);
                insert.addBatch();
                if (n % 5_000 == 4_999) {
                    insert.executeBatch();
                    db.commit();
                }
                if (n % 100_000 == 99_999) {
                    System.out.printf(Locale.ROOT, "    %,d messages%n", n + 1);
                }
            }
            insert.executeBatch();
        }
        try (PreparedStatement last = db.prepareStatement("UPDATE conversations SET last_seq = ? WHERE id = ?")) {
            for (int i = 0; i < CONVERSATIONS; i++) {
                last.setLong(1, seqs[i]);
                last.setLong(2, conversations[i]);
                last.addBatch();
            }
            last.executeBatch();
        }
        db.commit();
        db.setAutoCommit(true);
    }

    /** The searcher first when a member (else a sender in its place), then four more senders. */
    private static long[] membersOf(int conversation, List<TidingsApi.User> users) {
        long[] members = new long[5];
        members[0] = conversation < SEARCHER_IN ? users.getFirst().id() : users.get(1 + (conversation + 4) % SENDERS).id();
        for (int k = 1; k < 5; k++) {
            members[k] = users.get(1 + (conversation + k - 1) % SENDERS).id();
        }
        return members;
    }

    /** p50, p95 (ms) and the first page's hit count of the query, as the searcher, through HTTP. */
    private static double[] queries(HttpClient http, String base, String token, String q) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(
                        base + "/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token)
                .build();
        double[] times = new double[QUERIES];
        int hits = 0;
        for (int i = -WARM_UP; i < QUERIES; i++) {
            long start = System.nanoTime();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            double ms = (System.nanoTime() - start) / 1e6;
            if (response.statusCode() != 200) {
                throw new IllegalStateException("search answered " + response.statusCode() + ": " + response.body());
            }
            if (i >= 0) {
                times[i] = ms;
            } else {
                hits = TidingsApi.JSON.readTree(response.body()).get("results").size();
            }
        }
        Arrays.sort(times);
        return new double[] {times[QUERIES / 2], times[(int) Math.ceil(QUERIES * 0.95) - 1], hits};
    }

    private static long indexBytes(Connection db, boolean postgres) throws Exception {
        String sql = postgres
                ? "SELECT pg_relation_size('messages_search_bigrams') + pg_relation_size('messages_search_trigrams')"
                        + " + (SELECT coalesce(sum(pg_column_size(search_bigrams)), 0) FROM messages)"
                : "SELECT (SELECT coalesce(sum(length(block)), 0) FROM message_search_data)"
                        + " + (SELECT coalesce(sum(length(segid) + length(term) + 8), 0) FROM message_search_idx)";
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Single-message transactions into the searcher's first group, as a send commits them. */
    private static double insertRate(Connection db, List<TidingsApi.User> users) throws Exception {
        Random random = new Random(16);
        long conversation;
        long seq;
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT id, last_seq FROM conversations ORDER BY id LIMIT 1")) {
            rs.next();
            conversation = rs.getLong(1);
            seq = rs.getLong(2);
        }
        try (Statement s = db.createStatement();
                ResultSet rs = s.executeQuery("SELECT max(seq) FROM messages WHERE conversation_id = " + conversation)) {
            rs.next();
            seq = Math.max(seq, rs.getLong(1));
        }
        long start = System.nanoTime();
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO messages (conversation_id, seq, sender_id, body, sent_at) VALUES (?, ?, ?, ?, ?)")) {
            for (int i = 0; i < INSERTS; i++) {
                insert.setLong(1, conversation);
                insert.setLong(2, ++seq);
                insert.setLong(3, users.get(1).id());
                insert.setString(4, Corpus.message(random));
                insert.setLong(5, System.currentTimeMillis());
                insert.executeUpdate();
            }
        }
        try (Statement s = db.createStatement()) {
            s.execute("UPDATE conversations SET last_seq = " + seq + " WHERE id = " + conversation);
        }
        return INSERTS / ((System.nanoTime() - start) / 1e9);
    }

    private static void dropIndex(Connection db, boolean postgres) throws Exception {
        try (Statement s = db.createStatement()) {
            if (postgres) {
                s.execute("DROP INDEX messages_search_trigrams");
                s.execute("DROP INDEX messages_search_bigrams");
                s.execute("ALTER TABLE messages DROP COLUMN search_bigrams");
            } else {
                s.execute("DROP TRIGGER message_search_insert");
            }
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    /** Chat-like text: short lines mostly, some long, half English and half Chinese. */
    static final class Corpus {

        private static final String[] ENGLISH = ("the a to and is it you that in of for on we this be can just ok "
                        + "yes no thanks lunch meeting tomorrow today later deploy deployment deployed server servers "
                        + "build release review merge branch test tests failing fixed bug issue ticket customer call "
                        + "weekend coffee plan plans hiking trip photo photos link doc docs update status report "
                        + "morning night weather rain sunny train late early dinner movie game play music team "
                        + "project design budget invoice office home remote laptop password login error crash slow "
                        + "fast database query index cache memory disk network latency graph chart numbers friday "
                        + "monday birthday party gift great awesome sorry please maybe sure sounds good see you")
                .split(" ");
        private static final String[] CHINESE = ("我们 你 他 她 今天 明天 昨天 周末 晚上 早上 中午 吃饭 开会 项目 服务器 部署 上线 测试 "
                        + "问题 修复 已经 还是 可以 没有 什么 怎么 为什么 时候 一起 去 来 看 说 想 要 会 能 好 "
                        + "这个 那个 一下 一点 天气 下雨 出去 爬山 电影 音乐 朋友 同事 老板 客户 文件 报告 图片 链接 "
                        + "谢谢 不好意思 没问题 收到 好的 哈哈 真的 知道 觉得 应该 需要 准备 计划 旅行 火车 飞机 "
                        + "咖啡 蛋糕 生日 快乐 加油 辛苦 休息 回家 公司 办公室 电脑 手机 密码 登录 错误 很慢 数据库")
                .split(" ");

        private Corpus() {}

        static String message(Random random) {
            // Most chat lines are short; one in ten is a paragraph.
            int words = random.nextInt(10) == 0 ? 20 + random.nextInt(40) : 2 + random.nextInt(10);
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) {
                for (int i = 0; i < words; i++) {
                    text.append(i == 0 ? "" : " ").append(ENGLISH[random.nextInt(ENGLISH.length)]);
                }
            } else {
                for (int i = 0; i < words; i++) {
                    text.append(CHINESE[random.nextInt(CHINESE.length)]);
                }
                text.append(random.nextBoolean() ? "。" : "？");
            }
            return text.toString();
        }
    }
}
