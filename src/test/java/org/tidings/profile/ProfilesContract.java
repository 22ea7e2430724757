package org.tidings.profile;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Images;
import org.tidings.testing.Person;
import org.tidings.testing.RawHttp;
import org.tidings.testing.StreamClient;
import tools.jackson.databind.JsonNode;

/** Display names, status lines and avatars through the real server; run per database. */
abstract class ProfilesContract {

    @LocalServerPort
    int port;

    @Test
    void changesDisplayNameAndStatus() {
        Person ann = Person.signUp(port, "ann");
        JsonNode me = ann.api()
                .patch("/api/me", Map.of("displayName", "  Ann Ω  ", "status", "at lunch 🍜"))
                .expect(200)
                .json();
        assertThat(me.path("displayName").asString()).isEqualTo("Ann Ω");
        assertThat(me.path("status").asString()).isEqualTo("at lunch 🍜");
        assertThat(me.path("avatarVersion").asLong()).isZero();
        // Only the fields sent change; an empty status clears it.
        me = ann.api().patch("/api/me", Map.of("status", "")).expect(200).json();
        assertThat(me.path("displayName").asString()).isEqualTo("Ann Ω");
        assertThat(me.path("status").asString()).isEmpty();
        assertThat(ann.api()
                        .get("/api/me")
                        .expect(200)
                        .json()
                        .path("displayName")
                        .asString())
                .isEqualTo("Ann Ω");
    }

    @Test
    void refusesInvalidNamesAndStatuses() {
        Person ann = Person.signUp(port, "ann");
        for (Map<String, String> bad : new Map[] {
            Map.of("displayName", "   "),
            Map.of("displayName", "n".repeat(65)),
            Map.of("displayName", "admin\u202Elive"),
            Map.of("status", "s".repeat(81)),
            Map.of("status", "bell\u0007")
        }) {
            ann.api().patch("/api/me", bad).expectProblem(400, "validation_failed");
        }
        ann.api().patch("/api/me", Map.of("status", "🙂".repeat(80))).expect(200);
        assertThat(ann.api().get("/api/me").json().path("displayName").asString())
                .isEqualTo(ann.displayName());
    }

    @Test
    void storesTheAvatarAsSquarePngsInBothSizes() throws IOException {
        Person ann = Person.signUp(port, "ann");
        // A JPEG sent as text/plain: the type comes from the bytes.
        var put = ann.putAvatar(Images.picture(300, 200, "jpeg"), "text/plain");
        assertThat(put.statusCode()).isEqualTo(200);
        long version = Api.JSON.readTree(put.body()).path("avatarVersion").asLong();
        assertThat(version).isPositive();
        assertThat(ann.api().get("/api/me").json().path("avatarVersion").asLong())
                .isEqualTo(version);
        for (int size : new int[] {64, 128}) {
            HttpResponse<byte[]> got = authed(ann).download("/api/users/" + ann.id() + "/avatar?size=" + size);
            assertThat(got.statusCode()).isEqualTo(200);
            assertThat(got.headers().firstValue("Content-Type")).hasValue("image/png");
            assertThat(got.body()).startsWith(0x89, 'P', 'N', 'G');
            BufferedImage png = ImageIO.read(new ByteArrayInputStream(got.body()));
            assertThat(png.getWidth()).isEqualTo(size);
            assertThat(png.getHeight()).isEqualTo(size);
            String etag = got.headers().firstValue("ETag").orElseThrow();
            assertThat(authed(ann)
                            .download("/api/users/" + ann.id() + "/avatar?size=" + size, "If-None-Match", etag)
                            .statusCode())
                    .isEqualTo(304);
        }
        authed(ann).get("/api/users/" + ann.id() + "/avatar?size=32").expectProblem(400, "avatar_size");

        ann.api().delete("/api/me/avatar").expect(204);
        authed(ann).get("/api/users/" + ann.id() + "/avatar?size=64").expectProblem(404, "not_found");
        assertThat(ann.api().get("/api/me").json().path("avatarVersion").asLong())
                .isZero();
    }

    @Test
    void refusesWhatIsNotAPicture() throws IOException {
        Person ann = Person.signUp(port, "ann");
        var text = ann.putAvatar("GIF89a but really text".getBytes(), "image/gif");
        assertThat(text.statusCode()).isEqualTo(415);
        assertThat(Api.JSON.readTree(text.body()).path("code").asString()).isEqualTo("avatar_not_image");
        var huge = ann.putAvatar(new byte[AvatarController.MAX_BYTES + 1], "image/png");
        assertThat(huge.statusCode()).isEqualTo(413);
        assertThat(Api.JSON.readTree(huge.body()).path("code").asString()).isEqualTo("avatar_too_large");
        assertThat(ann.putAvatar(new byte[0], "image/png").statusCode()).isEqualTo(400);
        authed(ann).get("/api/users/" + ann.id() + "/avatar").expectProblem(404, "not_found");
    }

    /**
     * A body over the limit sent in one go, declared (Content-Length) or not (chunked): the
     * client reads the 413, not a reset, every time. The server refused before the body was in
     * and used to close with the rest unread, which reset the connection under the answer.
     */
    @Test
    void anOversizedAvatarSentInOneGoGetsThe413() throws IOException {
        Person ann = Person.signUp(port, "ann");
        byte[] body = new byte[AvatarController.MAX_BYTES + 1];
        for (int i = 0; i < 10; i++) {
            for (boolean chunked : new boolean[] {false, true}) {
                String answer = RawHttp.send(port, "PUT", "/api/me/avatar", ann.token(), "image/png", body, chunked);
                assertThat(answer).startsWith("HTTP/1.1 413");
                assertThat(answer.toLowerCase(java.util.Locale.ROOT))
                        .contains("connection: close")
                        .contains("content-type: application/problem+json");
                assertThat(answer).contains("\"code\":\"avatar_too_large\"");
            }
        }
    }

    @Test
    void contactsSeeTheAvatarAndTheUpdateStrangersDoNot() throws IOException {
        Person ann = Person.signUp(port, "ann");
        Person bob = Person.signUp(port, "bob");
        Person eve = Person.signUp(port, "eve");
        ann.befriend(bob);
        try (var bobStream = StreamClient.open(StreamClient.Transport.WEBSOCKET, base(), bob.token(), null);
                var eveStream = StreamClient.open(StreamClient.Transport.WEBSOCKET, base(), eve.token(), null);
                var annStream = StreamClient.open(StreamClient.Transport.WEBSOCKET, base(), ann.token(), null)) {
            ann.api()
                    .patch("/api/me", Map.of("displayName", "Ann B", "status", "hi"))
                    .expect(200);
            long version = Api.JSON
                    .readTree(ann.putAvatar(Images.picture(50, 80, "png"), "image/png")
                            .body())
                    .path("avatarVersion")
                    .asLong();

            var seen = bobStream.collect("user.updated", 2, Duration.ofSeconds(10));
            assertThat(seen).hasSize(2);
            JsonNode named = seen.get(0).path("data");
            assertThat(named.path("userId").asLong()).isEqualTo(ann.id());
            assertThat(named.path("displayName").asString()).isEqualTo("Ann B");
            assertThat(named.path("status").asString()).isEqualTo("hi");
            assertThat(seen.get(1).path("data").path("avatarVersion").asLong()).isEqualTo(version);
            // Their own other tabs hear it too.
            assertThat(annStream.collect("user.updated", 2, Duration.ofSeconds(10)))
                    .hasSize(2);
            assertThat(eveStream.collect("user.updated", 1, Duration.ofSeconds(1)))
                    .isEmpty();
        }
        assertThat(authed(bob)
                        .download("/api/users/" + ann.id() + "/avatar?size=64")
                        .statusCode())
                .isEqualTo(200);
        authed(eve).get("/api/users/" + ann.id() + "/avatar?size=64").expectProblem(404, "not_found");
    }

    @Test
    void fellowGroupMembersHearTheUpdate() {
        Person ann = Person.signUp(port, "ann");
        Person cat = Person.signUp(port, "cat");
        Person bob = Person.signUp(port, "bob");
        ann.befriend(bob);
        bob.befriend(cat);
        bob.createGroup("crew", ann, cat);
        try (var catStream = StreamClient.open(StreamClient.Transport.SSE, base(), cat.token(), null)) {
            ann.api().patch("/api/me", Map.of("status", "busy")).expect(200);
            var seen = catStream.collect("user.updated", 1, Duration.ofSeconds(10));
            assertThat(seen).hasSize(1);
            assertThat(seen.get(0).path("data").path("status").asString()).isEqualTo("busy");
        }
    }

    private String base() {
        return "http://localhost:" + port;
    }

    private Api authed(Person person) {
        return new Api(port).bearer(person.token());
    }
}
