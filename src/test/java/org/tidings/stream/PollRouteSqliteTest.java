package org.tidings.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * The poll route answers before WebFlux and the security chain: the same credentials (session
 * cookie or bearer token), the same problem+json answers and the API's response headers.
 */
@SqliteServer
class PollRouteSqliteTest {

    @LocalServerPort
    int port;

    @Test
    void pollsWithTheSessionCookieAsWithAToken() {
        Api browser = new Api(port);
        browser.signUp("cookiepoll");
        Api.Response byCookie = browser.get("/api/events").expect(200);
        assertThat(byCookie.json().path("events").isArray()).isTrue();
        String cursor = byCookie.json().path("cursor").asString();
        assertThat(cursor).isNotEmpty();

        Api script = new Api(port).bearer(browser.token());
        JsonNode byToken = script.get("/api/events?after=" + cursor).expect(200).json();
        assertThat(byToken.path("cursor").asString()).isEqualTo(cursor);
    }

    @Test
    void answersWithTheApiHeadersAndNoCookies() {
        Api browser = new Api(port);
        browser.signUp("headerpoll");
        Api.Response poll =
                new Api(port).bearer(browser.token()).get("/api/events").expect(200);
        assertThat(poll.header("Content-Type")).startsWith("application/json");
        assertThat(poll.header("Cache-Control")).isEqualTo("no-store");
        assertThat(poll.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(poll.raw().headers().allValues("Set-Cookie")).isEmpty();
    }

    @Test
    void refusesUnknownCredentialsAndBadParameters() {
        new Api(port).bearer("tdg_not-a-token").get("/api/events").expectProblem(401, "unauthenticated");
        new Api(port)
                .header("Cookie", "tidings_session=not-a-session")
                .get("/api/events")
                .expectProblem(401, "unauthenticated");
        Api browser = new Api(port);
        browser.signUp("badpoll");
        JsonNode problem = browser.get("/api/events?wait=soon").expectProblem(400, "invalid_parameter");
        assertThat(problem.path("instance").asString()).isEqualTo("/api/events");
        assertThat(browser.get("/api/events?wait=soon").header("Content-Type")).startsWith("application/problem+json");
    }

    @Test
    void leavesTheOtherEventPathsToWebFlux() {
        Api browser = new Api(port);
        browser.signUp("cursorpoll");
        assertThat(browser.get("/api/events/cursor")
                        .expect(200)
                        .json()
                        .path("cursor")
                        .asString())
                .isNotEmpty();
        new Api(port).get("/api/events/cursor").expectProblem(401, "unauthenticated");
    }
}
