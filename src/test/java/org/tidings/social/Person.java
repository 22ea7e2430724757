package org.tidings.social;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.tidings.testing.Api;
import tools.jackson.databind.JsonNode;

/** A signed-up user with their own client, and the social moves tests repeat. */
record Person(Api api, long id, String username, String displayName) {

    static Person signUp(int port, String prefix) {
        Api api = new Api(port);
        JsonNode me = api.signUp(prefix);
        return new Person(
                api,
                me.path("id").asLong(),
                me.path("username").asString(),
                me.path("displayName").asString());
    }

    Api.Response requestFriend(Person other) {
        return api.post("/api/friends/requests", Map.of("username", other.username()));
    }

    /** Makes the two friends; returns their direct conversation's id. */
    long befriend(Person other) {
        long request = requestFriend(other).expect(201).json().path("id").asLong();
        return other.api()
                .post("/api/friends/requests/" + request + "/accept")
                .expect(200)
                .json()
                .path("conversationId")
                .asLong();
    }

    Api.Response block(Person other) {
        return api.post("/api/blocks", Map.of("username", other.username()));
    }

    /** Creates a group with this person as owner; returns its id. */
    long createGroup(String name, Person... members) {
        return api.post(
                        "/api/groups",
                        Map.of(
                                "name",
                                name,
                                "members",
                                Arrays.stream(members).map(Person::username).toList()))
                .expect(201)
                .json()
                .path("id")
                .asLong();
    }

    Api.Response addTo(long group, Person member) {
        return api.post("/api/groups/" + group + "/members", Map.of("username", member.username()));
    }

    Api.Response setRole(long group, Person member, String role) {
        return api.put("/api/groups/" + group + "/members/" + member.id() + "/role", Map.of("role", role));
    }

    Api.Response conversation(long id) {
        return api.get("/api/conversations/" + id);
    }

    JsonNode conversations() {
        return api.get("/api/conversations").expect(200).json();
    }

    /** This person's listing of one conversation, or null when it is not in their list. */
    JsonNode listed(long conversationId) {
        for (JsonNode conversation : conversations()) {
            if (conversation.path("id").asLong() == conversationId) {
                return conversation;
            }
        }
        return null;
    }

    /** The number at {@code pointer} in each element of a JSON array, in order. */
    static List<Long> ids(JsonNode list, String pointer) {
        List<Long> ids = new ArrayList<>();
        list.forEach(item -> ids.add(item.at(pointer).asLong()));
        return ids;
    }
}
