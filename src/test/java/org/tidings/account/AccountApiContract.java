package org.tidings.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Names;
import tools.jackson.databind.JsonNode;

/** Accounts, sessions, tokens and the error contract, through the real server; run per database. */
abstract class AccountApiContract {

    @LocalServerPort
    int port;

    Api api;

    @BeforeEach
    void client() {
        api = new Api(port);
    }

    private Api.Response register(String username, String password, String displayName) {
        return api.post(
                "/api/auth/register", Map.of("username", username, "password", password, "displayName", displayName));
    }

    @Test
    void registersSignsInAndShowsTheCurrentUser() {
        String name = Names.unique("alice");
        JsonNode user =
                register(name, "a good password", "  Alice Ω  ").expect(201).json();
        assertThat(user.path("username").asString()).isEqualTo(name);
        assertThat(user.path("displayName").asString()).isEqualTo("Alice Ω");
        assertThat(user.path("id").asLong()).isPositive();
        assertThat(user.has("password")).isFalse();

        Api.Response login =
                api.post("/api/auth/login", Map.of("username", name.toUpperCase(), "password", "a good password"));
        login.expect(200);
        String cookie = login.header("Set-Cookie");
        assertThat(cookie).contains("tidings_session=").contains("HttpOnly").contains("SameSite=Lax");
        assertThat(api.get("/api/me").expect(200).json().path("id").asLong())
                .isEqualTo(user.path("id").asLong());
    }

    @Test
    void rejectsEachInvalidField() {
        String ok = Names.unique("valid");
        for (String bad : new String[] {"ab", "x".repeat(33), "has space", "émile", "semi;colon"}) {
            JsonNode problem = register(bad, "a good password", "Name").expectProblem(400, "validation_failed");
            assertThat(problem.path("errors").get(0).path("field").asString()).isEqualTo("username");
        }
        register(ok, "short", "Name").expectProblem(400, "validation_failed");
        register(ok, "p".repeat(129), "Name").expectProblem(400, "validation_failed");
        register(ok, "a good password", "   ").expectProblem(400, "validation_failed");
        register(ok, "a good password", "bell\u0007").expectProblem(400, "validation_failed");
        register(ok, "a good password", "n".repeat(65)).expectProblem(400, "validation_failed");
        api.post("/api/auth/register", Map.of("username", ok)).expectProblem(400, "validation_failed");
        // None of the failures created the account.
        register(ok, "a good password", "n".repeat(64)).expect(201);
    }

    @Test
    void acceptsLongPasswordsAndNamesCountedInCharacters() {
        String name = Names.unique("long");
        String password = "pässwörd ".repeat(15).substring(0, 128); // 128 characters, over 72 bytes
        register(name, password, "🙂".repeat(64)).expect(201);
        api.post("/api/auth/login", Map.of("username", name, "password", password))
                .expect(200);
        register(Names.unique("long"), "a good password", "🙂".repeat(65)).expectProblem(400, "validation_failed");
        // A right-to-left override could make "evil" display as someone else's name.
        register(Names.unique("bidi"), "a good password", "admin\u202Elive").expectProblem(400, "validation_failed");
    }

    @Test
    void limitsSignUpsPerAddress() {
        for (int i = 0; i < 20; i++) {
            register(Names.unique("flood"), "a good password", "Flood").expect(201);
        }
        register(Names.unique("flood"), "a good password", "Flood").expectProblem(429, "rate_limited");
    }

    @Test
    void usernamesAreUniqueIgnoringCase() {
        String name = Names.unique("bob");
        register(name, "a good password", "Bob").expect(201);
        register(name.toUpperCase(), "another password", "Bob 2").expectProblem(409, "username_taken");
    }

    @Test
    void wrongPasswordAndUnknownUserGetTheSameAnswer() {
        String name = Names.unique("carol");
        register(name, "a good password", "Carol").expect(201);
        JsonNode wrongPassword = api.post("/api/auth/login", Map.of("username", name, "password", "wrong password"))
                .expectProblem(401, "invalid_credentials");
        JsonNode unknownUser = api.post(
                        "/api/auth/login", Map.of("username", Names.unique("nobody"), "password", "wrong password"))
                .expectProblem(401, "invalid_credentials");
        assertThat(wrongPassword.path("detail")).isEqualTo(unknownUser.path("detail"));
    }

    @Test
    void throttlesRepeatedFailuresForOneUsername() {
        String name = Names.unique("dave");
        register(name, "a good password", "Dave").expect(201);
        IntStream.range(0, 5)
                .forEach(i -> new Api(port)
                        .post("/api/auth/login", Map.of("username", name, "password", "guess " + i))
                        .expect(401));
        Api.Response limited =
                new Api(port).post("/api/auth/login", Map.of("username", name, "password", "a good password"));
        limited.expectProblem(429, "rate_limited");
        assertThat(Long.parseLong(limited.header("Retry-After"))).isPositive();
    }

    @Test
    void throttlesRepeatedFailuresFromOneAddress() {
        IntStream.range(0, 20)
                .forEach(
                        i -> api.post("/api/auth/login", Map.of("username", Names.unique("ghost"), "password", "guess"))
                                .expect(401));
        api.post("/api/auth/login", Map.of("username", Names.unique("ghost"), "password", "guess"))
                .expectProblem(429, "rate_limited");
    }

    @Test
    void refusesAnonymousCallsAndEndsSessionsOnLogout() {
        api.get("/api/me").expectProblem(401, "unauthenticated");
        api.signUp("erin");
        api.get("/api/me").expect(200);
        api.post("/api/auth/logout").expect(204);
        api.get("/api/me").expectProblem(401, "unauthenticated");
    }

    @Test
    void cookieAuthenticatedChangesNeedTheCsrfToken() {
        api.signUp("frank");
        Api noCsrf = api.withoutCsrf();
        noCsrf.post("/api/auth/tokens", Map.of("name", "script")).expectProblem(403, "csrf_invalid");
        noCsrf.header("X-XSRF-TOKEN", "not-the-token")
                .post("/api/auth/tokens", Map.of("name", "script"))
                .expectProblem(403, "csrf_invalid");
        Api withCsrf = new Api(port);
        withCsrf.signUp("frank2");
        withCsrf.post("/api/auth/tokens", Map.of("name", "script")).expect(201);
    }

    @Test
    void apiTokensWorkAsBearerWithoutCsrfAndCanBeRevoked() {
        JsonNode me = api.signUp("grace");
        JsonNode created = api.post("/api/auth/tokens", Map.of("name", "load generator"))
                .expect(201)
                .json();
        String token = created.path("token").asString();
        assertThat(token).startsWith("tdg_");

        Api script = new Api(port).bearer(token);
        Api.Response asScript = script.get("/api/me").expect(200);
        assertThat(asScript.json().path("id")).isEqualTo(me.path("id"));
        // Nor is it handed the XSRF cookie on every answer.
        assertThat(asScript.header("Set-Cookie")).isNull();
        // A bearer client has no cookie to ride on, so it needs no CSRF token.
        script.post("/api/auth/tokens", Map.of("name", "second")).expect(201);

        JsonNode list = api.get("/api/auth/tokens").expect(200).json();
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.toString()).doesNotContain(token);

        api.delete("/api/auth/tokens/" + created.path("id").asLong()).expect(204);
        script.get("/api/me").expectProblem(401, "unauthenticated");
        new Api(port).bearer("tdg_made_up").get("/api/me").expectProblem(401, "unauthenticated");
    }

    @Test
    void cannotRevokeSomeoneElsesToken() {
        api.signUp("heidi");
        long id = api.post("/api/auth/tokens", Map.of("name", "mine"))
                .expect(201)
                .json()
                .path("id")
                .asLong();
        Api mallory = new Api(port);
        mallory.signUp("mallory");
        mallory.delete("/api/auth/tokens/" + id).expectProblem(404, "not_found");
        mallory.delete("/api/auth/tokens/999999999").expectProblem(404, "not_found");
        api.get("/api/auth/tokens").expect(200);
        assertThat(api.get("/api/auth/tokens").json().size()).isEqualTo(1);
    }

    @Test
    void badRequestsGetProblemsWithStableCodes() {
        api.signUp("ivan");
        api.post("/api/auth/tokens", "{not json").expectProblem(400, "malformed_json");
        api.post("/api/auth/tokens", "{\"name\": {\"nested\": true}}").expectProblem(400, "malformed_json");
        api.post("/api/auth/tokens", Map.of("name", "x".repeat(70_000))).expectProblem(413, "payload_too_large");
        api.get("/api/no-such-endpoint").expectProblem(404, "not_found");
        api.send("PUT", "/api/me", Map.of()).expectProblem(405, "method_not_allowed");
        api.header("Content-Type", "text/plain")
                .send("POST", "/api/auth/tokens", null)
                .expectProblem(415, "unsupported_media_type");
        api.delete("/api/auth/tokens/not-a-number").expectProblem(400, "invalid_parameter");
    }

    @Test
    void pagesForbidInlineScriptWhileApiAnswersStayLean() {
        Api.Response page = api.get("/");
        assertThat(page.header("Content-Security-Policy"))
                .contains("script-src 'self'")
                .doesNotContain("unsafe-inline");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");
        assertThat(page.header("Cache-Control")).isEqualTo("no-cache");
        // The client's files are revalidated, not refetched: an unchanged file answers 304.
        Api.Response script = api.get("/js/app.js").expect(200);
        assertThat(script.header("Cache-Control")).isEqualTo("no-cache");
        new Api(port)
                .header("If-Modified-Since", script.header("Last-Modified"))
                .get("/js/app.js")
                .expect(304);
        api.signUp("lean");
        Api.Response json = api.get("/api/me").expect(200);
        assertThat(json.header("Content-Security-Policy")).isNull();
        assertThat(json.header("X-Frame-Options")).isNull();
        assertThat(json.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(json.header("Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void operationsEndpointsAnswer() {
        assertThat(api.get("/actuator/health").expect(200).json().path("status").asString())
                .isEqualTo("UP");
        assertThat(api.get("/actuator/prometheus").expect(200).body()).contains("jvm_memory_used_bytes");
        assertThat(api.get("/v3/api-docs").expect(200).json().path("paths").has("/api/auth/register"))
                .isTrue();
    }
}
