package org.tidings.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.RawHttp;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * {@code POST /api/conversations/{id}/messages} is answered by a Reactor Netty route before
 * WebFlux (MessageRoute) unless the request needs something only WebFlux answers the same way;
 * a query string sends it to the controller, which is how these tests compare the two. Either way
 * the sender sees the same thing: the same credentials, CSRF rule, rate limit, body, headers and
 * problem+json refusals.
 */
@SqliteServer
@TestPropertySource(properties = {"tidings.chat.send-burst=4", "tidings.chat.send-refill-per-second=1"})
class MessageRouteSqliteTest {

    /** The JSON body limit (spring.http.codecs.max-in-memory-size in application.yml). */
    private static final int MAX_BODY = 64 * 1024;

    @LocalServerPort
    int port;

    private static String messages(long conversation) {
        return "/api/conversations/" + conversation + "/messages";
    }

    /** The same send, through the controller: the route takes no query string. */
    private static String viaController(long conversation) {
        return messages(conversation) + "?via=controller";
    }

    @Test
    void sendsByTokenAndByCookieAsTheControllerDoes() {
        Person alice = Person.signUp(port, "routealice");
        Person bob = Person.signUp(port, "routebob");
        long direct = alice.befriend(bob);
        Api script = new Api(port).bearer(alice.token());

        String id = UUID.randomUUID().toString();
        Api.Response byToken = script.post(messages(direct), Map.of("body", "by token", "clientMsgId", id))
                .expect(201);
        Api.Response retried = script.post(messages(direct), Map.of("body", "by token", "clientMsgId", id))
                .expect(200);
        assertThat(retried.body()).isEqualTo(byToken.body());
        Api.Response byCookie = alice.api()
                .post(
                        messages(direct),
                        Map.of(
                                "body",
                                "by cookie",
                                "clientMsgId",
                                UUID.randomUUID().toString()))
                .expect(201);
        Api.Response byController = alice.api()
                .post(
                        viaController(direct),
                        Map.of(
                                "body",
                                "by controller",
                                "clientMsgId",
                                UUID.randomUUID().toString()))
                .expect(201);

        assertThat(byToken.json().path("body").asString()).isEqualTo("by token");
        assertThat(byCookie.json().path("body").asString()).isEqualTo("by cookie");
        for (Api.Response route : List.of(byToken, retried, byCookie)) {
            assertThat(fieldNames(route.json())).isEqualTo(fieldNames(byController.json()));
            assertThat(route.json().path("senderId").asLong())
                    .isEqualTo(byController.json().path("senderId").asLong());
            assertThat(route.header("Content-Type")).isEqualTo(byController.header("Content-Type"));
            assertThat(route.header("Cache-Control")).isEqualTo(byController.header("Cache-Control"));
            assertThat(route.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(route.raw().headers().allValues("Set-Cookie")).isEmpty();
        }
        // All four are in the conversation, in order, once each.
        List<String> bodies = bob.api()
                .get(messages(direct))
                .expect(200)
                .json()
                .path("messages")
                .valueStream()
                .map(message -> message.path("body").asString())
                .toList();
        assertThat(bodies).containsExactly("by token", "by cookie", "by controller");
    }

    @Test
    void cookieSendsNeedTheCsrfHeader() {
        Person alice = Person.signUp(port, "csrfalice");
        Person bob = Person.signUp(port, "csrfbob");
        long direct = alice.befriend(bob);
        Api noHeader = alice.api().withoutCsrf();
        noHeader.post(messages(direct), Map.of("body", "forged")).expectProblem(403, "csrf_invalid");
        new Api(port)
                .header("Cookie", "tidings_session=" + alice.api().cookie("tidings_session") + "; XSRF-TOKEN=abc")
                .header("X-XSRF-TOKEN", "abd")
                .withoutCsrf()
                .post(messages(direct), Map.of("body", "forged"))
                .expectProblem(403, "csrf_invalid");
        assertThat(bob.api()
                        .get(messages(direct))
                        .expect(200)
                        .json()
                        .path("messages")
                        .size())
                .isZero();
    }

    @Test
    void refusesAsTheControllerDoes() {
        Person alice = Person.signUp(port, "refusealice");
        Person bob = Person.signUp(port, "refusebob");
        Person eve = Person.signUp(port, "refuseeve");
        long direct = alice.befriend(bob);

        assertSame(
                new Api(port).bearer("tdg_not-a-token").post(messages(direct), Map.of("body", "x")),
                new Api(port).bearer("tdg_not-a-token").post(viaController(direct), Map.of("body", "x")),
                401,
                "unauthenticated");
        Api script = new Api(port).bearer(alice.token());
        assertSame(
                script.post(messages(direct), "{\"body\": "),
                script.post(viaController(direct), "{\"body\": "),
                400,
                "malformed_json");
        assertSame(
                script.post(messages(direct), "null"),
                script.post(viaController(direct), "null"),
                400,
                "malformed_json");
        assertSame(
                script.post(messages(direct), " null "),
                script.post(viaController(direct), " null "),
                400,
                "malformed_json");
        Api outsider = new Api(port).bearer(eve.token());
        Api.Response notMember = outsider.post(messages(direct), Map.of("body", "x"));
        Api.Response notMemberController = outsider.post(viaController(direct), Map.of("body", "x"));
        assertThat(notMember.status()).isGreaterThanOrEqualTo(400);
        assertSame(
                notMember,
                notMemberController,
                notMemberController.status(),
                notMemberController.json().path("code").asString());
    }

    @Test
    void sendsAreRateLimited() {
        Person alice = Person.signUp(port, "limitalice");
        Person bob = Person.signUp(port, "limitbob");
        long direct = alice.befriend(bob);
        Api script = new Api(port).bearer(alice.token());
        Api.Response last = null;
        for (int i = 0; i < 10 && (last == null || last.status() != 429); i++) {
            last = script.post(messages(direct), Map.of("body", "m" + i));
        }
        assertThat(last).isNotNull();
        last.expectProblem(429, "rate_limited");
        assertThat(Long.parseLong(last.header("Retry-After"))).isPositive();
        assertThat(last.json().path("retryAfterSeconds").asLong()).isPositive();
    }

    /**
     * A JSON body over the limit, sent in one go as a simple client does, declared
     * (Content-Length: the route leaves it to the controller) or chunked: the client reads the
     * 413 problem, not a connection reset. The decoder used to stop reading at the limit and the
     * connection closed with the rest unread, which reset it under the answer.
     */
    @Test
    void anOversizedMessageGetsThe413NotAReset() throws IOException {
        Person alice = Person.signUp(port, "bigalice");
        Person bob = Person.signUp(port, "bigbob");
        long direct = alice.befriend(bob);
        byte[] body = paddedSend("too big", 2 * 1024 * 1024);
        for (int i = 0; i < 5; i++) {
            for (String path : List.of(messages(direct), viaController(direct))) {
                for (boolean chunked : new boolean[] {false, true}) {
                    String answer = RawHttp.send(port, "POST", path, alice.token(), "application/json", body, chunked);
                    assertThat(answer).startsWith("HTTP/1.1 413");
                    assertThat(answer.toLowerCase(Locale.ROOT))
                            .contains("connection: close")
                            .contains("content-type: application/problem+json");
                    assertThat(answer).contains("\"code\":\"payload_too_large\"");
                }
            }
        }
        // One byte over is refused; a body of exactly the limit is sent, by the route and the
        // controller (the client asks to close so that reading to the end ends).
        Map<String, String> json = Map.of("Content-Type", "application/json", "Connection", "close");
        assertThat(RawHttp.send(
                        port,
                        "POST",
                        messages(direct),
                        alice.token(),
                        json,
                        paddedSend("one over", MAX_BODY + 1),
                        false))
                .startsWith("HTTP/1.1 413");
        for (String path : List.of(messages(direct), viaController(direct))) {
            for (boolean chunked : new boolean[] {false, true}) {
                byte[] atTheLimit = paddedSend("at the limit", MAX_BODY);
                assertThat(RawHttp.send(port, "POST", path, alice.token(), json, atTheLimit, chunked))
                        .startsWith("HTTP/1.1 201");
            }
        }
        assertThat(bob.api()
                        .get(messages(direct))
                        .expect(200)
                        .json()
                        .path("messages")
                        .size())
                .isEqualTo(4);
    }

    /**
     * A client that announces a body over the limit, sends part of it and stalls: the rest is
     * waited for no longer than the drain time (10 s), then the 413 goes out.
     */
    @Test
    void aStalledOversizedMessageIsAnsweredAfterTheDrainTime() throws IOException {
        Person alice = Person.signUp(port, "stallalice");
        Person bob = Person.signUp(port, "stallbob");
        long direct = alice.befriend(bob);
        byte[] body = paddedSend("stalled", 2 * 1024 * 1024);
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + messages(direct) + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                            + "\r\nAuthorization: Bearer " + alice.token()
                            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, 4 * MAX_BODY);
            out.flush();
            long start = System.nanoTime();
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            assertThat(answer).startsWith("HTTP/1.1 413").contains("\"code\":\"payload_too_large\"");
            assertThat(waited).isBetween(Duration.ofSeconds(9), Duration.ofSeconds(20));
        }
    }

    /** A send whose JSON is padded with spaces to exactly {@code size} bytes. */
    private static byte[] paddedSend(String text, int size) {
        String json = "{\"body\":\"" + text + "\",\"clientMsgId\":\"" + UUID.randomUUID() + "\"}";
        return (json + " ".repeat(size - json.length())).getBytes(StandardCharsets.US_ASCII);
    }

    private static void assertSame(Api.Response route, Api.Response controller, int status, String code) {
        JsonNode controllerProblem = controller.expectProblem(status, code);
        JsonNode routeProblem = route.expectProblem(status, code);
        assertThat(routeProblem.path("detail")).isEqualTo(controllerProblem.path("detail"));
        assertThat(routeProblem.path("instance").asString())
                .isEqualTo("/api/conversations/" + route.raw().uri().getPath().split("/")[3] + "/messages");
        assertThat(route.header("Content-Type")).isEqualTo(controller.header("Content-Type"));
    }

    private static List<String> fieldNames(JsonNode node) {
        return node.propertyNames().stream().toList();
    }
}
