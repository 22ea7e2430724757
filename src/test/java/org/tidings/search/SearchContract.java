package org.tidings.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import tools.jackson.databind.JsonNode;

/** Message search through the real server; the same corpus gives the same answers on both databases. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class SearchContract {

    @LocalServerPort
    int port;

    Person person(String name) {
        return Person.signUp(port, name);
    }

    static Api.Response search(Person who, String q, String... more) {
        StringBuilder path = new StringBuilder("/api/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8));
        for (String param : more) {
            path.append('&').append(param);
        }
        return who.api().get(path.toString());
    }

    static JsonNode results(Person who, String q, String... more) {
        return search(who, q, more).expect(200).json().path("results");
    }

    static List<String> snippets(Person who, String q, String... more) {
        List<String> texts = new ArrayList<>();
        results(who, q, more).forEach(r -> texts.add(r.at("/snippet/text").asString()));
        return texts;
    }

    static String path(JsonNode message) {
        return "/api/conversations/" + message.path("conversationId").asLong() + "/messages/"
                + message.path("id").asLong();
    }

    @Test
    void findsChineseWithoutSpacesEnglishByPrefixNewestFirst() {
        Person alice = person("alice");
        Person bob = person("bob");
        long group = alice.createGroup("周末计划", bob);
        JsonNode hike = alice.send(group, "这个周末去爬山吗");
        alice.send(group, "今天天气不错");
        bob.send(group, "Deployment finished without errors");
        JsonNode down = bob.send(group, "the DEPLOY server is down again");
        JsonNode weekend = bob.send(group, "周末愉快！");

        JsonNode found = results(alice, "周末");
        assertThat(Person.ids(found, "/id"))
                .containsExactly(weekend.path("id").asLong(), hike.path("id").asLong());
        JsonNode first = found.get(1);
        assertThat(first.path("seq").asLong()).isEqualTo(hike.path("seq").asLong());
        assertThat(first.at("/conversation/id").asLong()).isEqualTo(group);
        assertThat(first.at("/conversation/kind").asString()).isEqualTo("group");
        assertThat(first.at("/conversation/title").asString()).isEqualTo("周末计划");
        assertThat(first.at("/sender/username").asString()).isEqualTo(alice.username());
        assertThat(first.path("sentAt").asString()).endsWith("Z");
        assertThat(first.at("/snippet/text").asString()).isEqualTo("这个周末去爬山吗");
        assertThat(first.at("/snippet/highlights/0/start").asInt()).isEqualTo(2);
        assertThat(first.at("/snippet/highlights/0/end").asInt()).isEqualTo(4);

        assertThat(snippets(bob, "deploy"))
                .containsExactly("the DEPLOY server is down again", "Deployment finished without errors");
        assertThat(Person.ids(results(bob, "SERVER deploy"), "/id"))
                .containsExactly(down.path("id").asLong());
        assertThat(snippets(bob, "爬山 周末")).containsExactly("这个周末去爬山吗");
        assertThat(results(bob, "周日")).isEmpty();
        // A term at the very end of a message, and a 2-letter English term inside a word.
        assertThat(snippets(bob, "愉快")).containsExactly("周末愉快！");
        assertThat(snippets(bob, "in"))
                .containsExactly("the DEPLOY server is down again", "Deployment finished without errors");
        // One-character words are dropped next to longer ones.
        assertThat(snippets(bob, "a 周末 ?")).hasSize(2);
    }

    @Test
    void aDirectConversationIsTitledByTheOtherPersonAndFiltersNarrow() {
        Person alice = person("alice");
        Person bob = person("bob");
        long direct = alice.befriend(bob);
        long group = alice.createGroup("team", bob);
        // Apart in time, so before/after (exclusive, by millisecond) can tell them apart.
        alice.send(direct, "lunch tomorrow?");
        pause();
        bob.send(direct, "lunch sounds good");
        pause();
        bob.send(group, "team lunch on friday");

        JsonNode mine = results(alice, "lunch", "conversationId=" + direct);
        assertThat(mine).hasSize(2);
        assertThat(mine.get(0).at("/conversation/title").asString()).isEqualTo(bob.displayName());
        assertThat(snippets(alice, "lunch", "senderId=" + bob.id()))
                .containsExactly("team lunch on friday", "lunch sounds good");
        String sentAt = mine.get(0).path("sentAt").asString();
        assertThat(snippets(alice, "lunch", "conversationId=" + direct, "before=" + sentAt))
                .containsExactly("lunch tomorrow?");
        assertThat(snippets(alice, "lunch", "after=" + sentAt)).containsExactly("team lunch on friday");
    }

    private static void pause() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void pagesWithAnOpaqueCursorWithoutRepeats() {
        Person alice = person("alice");
        long group = alice.createGroup("notes");
        List<Long> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(alice.send(group, "standup note " + i).path("id").asLong());
        }
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = search(alice, "standup", "limit=2", cursor == null ? "" : "cursor=" + cursor)
                    .expect(200)
                    .json();
            seen.addAll(Person.ids(page.path("results"), "/id"));
            // The last page has no nextCursor.
            JsonNode next = page.path("nextCursor");
            cursor = next.isMissingNode() || next.isNull() ? null : next.asString();
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(sent.reversed());
    }

    @Test
    void editsReindexAndDeletedMessagesAreGoneAtOnce() {
        Person alice = person("alice");
        long group = alice.createGroup("kitchen");
        JsonNode sent = alice.send(group, "pineapple pizza tonight");
        assertThat(results(alice, "pineapple")).hasSize(1);
        alice.api().patch(path(sent), Map.of("body", "mango salad tonight")).expect(200);
        assertThat(results(alice, "pineapple")).isEmpty();
        assertThat(snippets(alice, "mango")).containsExactly("mango salad tonight");
        alice.api().delete(path(sent)).expect(204);
        assertThat(results(alice, "mango")).isEmpty();
        assertThat(results(alice, "tonight")).isEmpty();
    }

    @Test
    void onlyConversationsTheCallerIsInNow() {
        Person alice = person("alice");
        Person bob = person("bob");
        Person carol = person("carol");
        Person stranger = person("stranger");
        long group = alice.createGroup("secret plans", bob, carol);
        alice.send(group, "the treasure is under the oak");
        long theirs = bob.befriend(carol);
        bob.send(theirs, "treasure map copy");

        assertThat(results(bob, "treasure")).hasSize(2);
        assertThat(results(stranger, "treasure")).isEmpty();
        assertThat(results(alice, "treasure")).hasSize(1);
        // Asking for someone else's conversation by id finds nothing rather than leaking it.
        assertThat(results(alice, "treasure", "conversationId=" + theirs)).isEmpty();

        bob.api().post("/api/groups/" + group + "/leave").expect(204);
        assertThat(snippets(bob, "treasure")).containsExactly("treasure map copy");
        assertThat(results(bob, "treasure", "conversationId=" + group)).isEmpty();
        alice.api().delete("/api/groups/" + group + "/members/" + carol.id()).expect(204);
        assertThat(snippets(carol, "treasure")).containsExactly("treasure map copy");
    }

    @Test
    void searchSyntaxIsTextNeverAnError() {
        Person alice = person("alice");
        long group = alice.createGroup("syntax");
        alice.send(group, "use NEAR(a b) and \"quotes\" here");
        alice.send(group, "discount 50% off_today c:\\temp");
        alice.send(group, "plain words only");
        List<String> hostile = List.of(
                "NEAR(",
                "NEAR(a b)",
                "\"\"",
                "\"quotes\"",
                "plain*",
                "-plain",
                "AND",
                "OR",
                "NOT plain",
                "a:b",
                "body:plain",
                "^plain",
                "''",
                "%%",
                "__",
                "{x}",
                "+x",
                "plain OR",
                "'; DROP TABLE messages; --",
                "xx\u0000\u0000yy",
                "🙂🙂",
                "\"plain");
        for (String q : hostile) {
            search(alice, q).expect(200);
        }
        // A lone character is too short to search for, whatever it means in some query language.
        for (String q : List.of("\"", "*", "(", ")", "'", "\\", "%", "_", "-", ":", "\u0000")) {
            search(alice, q).expectProblem(400, q.equals("\u0000") ? "query_empty" : "query_too_short");
        }
        assertThat(snippets(alice, "NEAR(a")).containsExactly("use NEAR(a b) and \"quotes\" here");
        assertThat(snippets(alice, "\"quotes\"")).containsExactly("use NEAR(a b) and \"quotes\" here");
        assertThat(snippets(alice, "50%")).containsExactly("discount 50% off_today c:\\temp");
        assertThat(snippets(alice, "f_t")).containsExactly("discount 50% off_today c:\\temp");
        assertThat(snippets(alice, "c:\\t")).containsExactly("discount 50% off_today c:\\temp");
        assertThat(results(alice, "%%")).isEmpty();
        assertThat(results(alice, "__")).isEmpty();
        assertThat(results(alice, "plain*")).isEmpty();
        assertThat(results(alice, "-plain")).isEmpty();
        assertThat(results(alice, "NOT plain")).isEmpty();
        assertThat(snippets(alice, "plain OR")).containsExactly("plain words only");
    }

    @Test
    void badParametersAreProblemsWithStableCodes() {
        Person alice = person("alice");
        search(alice, "").expectProblem(400, "query_empty");
        search(alice, "   ").expectProblem(400, "query_empty");
        search(alice, "x".repeat(201)).expectProblem(400, "query_too_long");
        search(alice, "a b c").expectProblem(400, "query_too_short");
        search(alice, "hello", "cursor=nonsense").expectProblem(400, "invalid_cursor");
        search(alice, "hello", "cursor=" + URLEncoder.encode("s1:-5", StandardCharsets.UTF_8))
                .expectProblem(400, "invalid_cursor");
        search(alice, "hello", "limit=0").expectProblem(400, "invalid_parameter");
        search(alice, "hello", "limit=51").expectProblem(400, "invalid_parameter");
        search(alice, "hello", "before=yesterday").expectProblem(400, "invalid_parameter");
        alice.api().get("/api/search").expectProblem(400, "query_empty");
        new Api(port).get("/api/search?q=hello").expect(401);
    }
}
