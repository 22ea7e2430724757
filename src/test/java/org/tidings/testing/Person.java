package org.tidings.testing;

import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** A signed-up user with a browser-like session client and an API token for streams. */
public record Person(long id, String username, String token, Api api) {

    public static Person signUp(int port, String prefix) {
        Api api = new Api(port);
        JsonNode me = api.signUp(prefix);
        return new Person(me.path("id").asLong(), me.path("username").asString(), api.token(), api);
    }

    /** Makes the two friends; returns their direct conversation's id. */
    public long befriend(Person other) {
        long requestId = api.post("/api/friends/requests", Map.of("username", other.username()))
                .expect(201)
                .json()
                .path("id")
                .asLong();
        return other.api()
                .post("/api/friends/requests/" + requestId + "/accept")
                .expect(200)
                .json()
                .path("conversationId")
                .asLong();
    }

    /** Creates a group owned by this person with the others as members; returns its id. */
    public long createGroup(String name, Person... members) {
        List<String> names =
                java.util.Arrays.stream(members).map(Person::username).toList();
        return api.post("/api/groups", Map.of("name", name, "members", names))
                .expect(201)
                .json()
                .path("id")
                .asLong();
    }

    public JsonNode send(long conversationId, String body) {
        return api.post("/api/conversations/" + conversationId + "/messages", Map.of("body", body))
                .expect(201)
                .json();
    }

    /** This person's entry for a conversation in their conversation list, or null. */
    public JsonNode conversation(long conversationId) {
        for (JsonNode c : api.get("/api/conversations").expect(200).json()) {
            if (c.path("id").asLong() == conversationId) {
                return c;
            }
        }
        return null;
    }

    public String cursorNow() {
        return api.get("/api/events/cursor").expect(200).json().path("cursor").asString();
    }
}
