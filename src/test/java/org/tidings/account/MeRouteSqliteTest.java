package org.tidings.account;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.SqliteServer;

/**
 * {@code GET /api/me} is answered by a Reactor Netty route before WebFlux (MeRoute) unless the
 * request needs something only WebFlux gives (a cookie caller without the XSRF-TOKEN cookie gets
 * one). Either way the caller sees the same thing: the same credentials (session cookie or bearer
 * token), the same body and headers, the same problem+json refusals.
 */
@SqliteServer
class MeRouteSqliteTest {

    @LocalServerPort
    int port;

    @Test
    void answersByCookieAndByTokenAsTheControllerDoes() {
        Api browser = new Api(port);
        browser.signUp("meroute");
        assertThat(browser.cookie("XSRF-TOKEN")).isNotNull();
        Api.Response byCookie = browser.get("/api/me").expect(200);
        Api.Response byToken =
                new Api(port).bearer(browser.token()).get("/api/me").expect(200);
        Api.Response byTokenAskingJson = new Api(port)
                .bearer(browser.token())
                .header("Accept", "application/json, */*")
                .get("/api/me")
                .expect(200);
        // Without the XSRF-TOKEN cookie the request goes through WebFlux, which hands one out.
        Api.Response byController = new Api(port)
                .header("Cookie", "tidings_session=" + browser.cookie("tidings_session"))
                .get("/api/me")
                .expect(200);
        assertThat(byController.raw().headers().allValues("Set-Cookie"))
                .anyMatch(cookie -> cookie.startsWith("XSRF-TOKEN="));

        assertThat(byCookie.json().path("username").asString()).startsWith("meroute");
        assertThat(byCookie.json().path("displayName").asString()).isEqualTo("meroute");
        for (Api.Response route : List.of(byCookie, byToken, byTokenAskingJson)) {
            assertThat(route.body()).isEqualTo(byController.body());
            assertThat(route.header("Content-Type")).isEqualTo(byController.header("Content-Type"));
            assertThat(route.header("Cache-Control")).isEqualTo("no-store");
            assertThat(route.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(route.raw().headers().allValues("Set-Cookie")).isEmpty();
        }
    }

    @Test
    void showsAChangeAtOnce() {
        Api browser = new Api(port);
        browser.signUp("mechange");
        Api script = new Api(port).bearer(browser.token());
        script.get("/api/me").expect(200);
        browser.patch("/api/me", Map.of("displayName", "Changed", "shareReadReceipts", false))
                .expect(200);
        var me = script.get("/api/me").expect(200).json();
        assertThat(me.path("displayName").asString()).isEqualTo("Changed");
        assertThat(me.path("shareReadReceipts").asBoolean()).isFalse();
        assertThat(browser.get("/api/me").expect(200).json().path("displayName").asString())
                .isEqualTo("Changed");
    }

    @Test
    void refusesMissingAndUnknownCredentialsWithTheChainsProblem() {
        // Answered by the route: no credential, an unknown token, an unknown session with the CSRF cookie.
        Api.Response none = new Api(port).get("/api/me");
        Api.Response badToken = new Api(port).bearer("tdg_not-a-token").get("/api/me");
        Api.Response badSession = new Api(port)
                .header("Cookie", "tidings_session=not-a-session; XSRF-TOKEN=abc")
                .get("/api/me");
        // Answered by the security chain: an unknown session without the CSRF cookie.
        Api.Response byChain =
                new Api(port).header("Cookie", "tidings_session=not-a-session").get("/api/me");
        byChain.expectProblem(401, "unauthenticated");
        for (Api.Response refused : List.of(none, badToken, badSession)) {
            refused.expectProblem(401, "unauthenticated");
            assertThat(refused.json()).isEqualTo(byChain.json());
            assertThat(refused.header("Content-Type")).isEqualTo(byChain.header("Content-Type"));
            assertThat(refused.json().path("instance").asString()).isEqualTo("/api/me");
        }
    }

    @Test
    void leavesChangesAndNegotiationToWebFlux() {
        Api browser = new Api(port);
        browser.signUp("mecsrf");
        String token = browser.token();
        // A client that does not take JSON is answered by WebFlux's negotiation, not sent JSON.
        Api.Response html =
                new Api(port).bearer(token).header("Accept", "text/html").get("/api/me");
        System.out.println(
                "ACCEPT-HTML " + html.status() + " " + html.raw().headers().map() + " " + html.body());
        assertThat(html.status()).isEqualTo(406);
        // A cookie change still needs the CSRF header.
        browser.withoutCsrf().patch("/api/me", Map.of("displayName", "Nope")).expectProblem(403, "csrf_invalid");
    }
}
