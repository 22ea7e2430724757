package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * A poll behind the hub's position is answered from the events the hub keeps in memory when it
 * still has them all, else from the database, and the client cannot tell which: the same events
 * in the same pages with the same cursors. A stored event that was rewritten is never answered
 * as it was.
 */
@SqliteServer
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PollCatchUpSqliteTest {

    @LocalServerPort
    int port;

    @Autowired
    EventLog log;

    @Autowired
    StoredEvents stored;

    @Autowired
    StreamSettings settings;

    record User(long id, Api api) {}

    User user(String name) {
        Api api = new Api(port);
        long id = api.signUp(name).path("id").asLong();
        return new User(id, new Api(port).bearer(api.token()));
    }

    /** A poll without a cursor starts at now. */
    static String now(User user) {
        return user.api().get("/api/events").expect(200).json().path("cursor").asString();
    }

    @Test
    void pagesThroughTheDatabaseIntoMemoryWithoutLosingOrRepeatingAnEvent() {
        User alice = user("memorypoll");
        User bob = user("otherpoll");
        String start = now(alice);
        // More events than the hub keeps: the first pages come from the database, the last from
        // memory. Every third is someone else's, which neither may answer.
        int total = settings.recentEvents() + 2_000;
        log.write(tx -> {
            for (int n = 0; n < total; n++) {
                tx.emitToUser(n % 3 == 2 ? bob.id() : alice.id(), "test.ping", Map.of("n", n));
            }
            return null;
        });

        List<Integer> seen = new ArrayList<>();
        String cursor = start;
        for (int page = 0; ; page++) {
            // Short and long polls alike: a long poll behind answers at once.
            String wait = page % 2 == 0 ? "0" : "5";
            JsonNode body = alice.api()
                    .get("/api/events?wait=" + wait + "&after=" + cursor)
                    .expect(200)
                    .json();
            JsonNode events = body.path("events");
            if (events.isEmpty()) {
                break;
            }
            assertThat(events.size()).isLessThanOrEqualTo(settings.pageSize());
            events.forEach(e -> seen.add(e.path("data").path("n").asInt()));
            if (events.size() == settings.pageSize()) {
                // A full page: the rest is read from after its last event.
                assertThat(body.path("cursor").asString())
                        .isEqualTo(events.get(events.size() - 1).path("id").asString());
            }
            cursor = body.path("cursor").asString();
            if (page > total) {
                break;
            }
        }
        assertThat(seen)
                .isEqualTo(IntStream.range(0, total)
                        .filter(n -> n % 3 != 2)
                        .boxed()
                        .toList());
    }

    @Test
    void aRewrittenEventIsAnsweredRewritten() {
        User alice = user("rewrittenpoll");
        String start = now(alice);
        long position = log.write(tx -> tx.emitToUser(alice.id(), "test.ping", Map.of("n", "secret")));
        log.write(tx -> {
            stored.replace(tx, position, Map.of("n", "erased"));
            return null;
        });
        for (String wait : List.of("0", "5")) {
            JsonNode events = alice.api()
                    .get("/api/events?wait=" + wait + "&after=" + start)
                    .expect(200)
                    .json()
                    .path("events");
            assertThat(events).hasSize(1);
            assertThat(events.get(0).path("data").path("n").asString()).isEqualTo("erased");
        }
    }
}
