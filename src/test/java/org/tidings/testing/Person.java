package org.tidings.testing;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A signed-up user with a browser-like session client and an API token for streams, and the
 * social moves tests repeat.
 */
public record Person(long id, String username, String displayName, String token, Api api) {

    public static Person signUp(int port, String prefix) {
        Api api = new Api(port);
        JsonNode me = api.signUp(prefix);
        return new Person(
                me.path("id").asLong(),
                me.path("username").asString(),
                me.path("displayName").asString(),
                api.token(),
                api);
    }

    public Api.Response requestFriend(Person other) {
        return api.post("/api/friends/requests", Map.of("username", other.username()));
    }

    /** Makes the two friends; returns their direct conversation's id. */
    public long befriend(Person other) {
        long requestId = requestFriend(other).expect(201).json().path("id").asLong();
        return other.api()
                .post("/api/friends/requests/" + requestId + "/accept")
                .expect(200)
                .json()
                .path("conversationId")
                .asLong();
    }

    public Api.Response block(Person other) {
        return api.post("/api/blocks", Map.of("username", other.username()));
    }

    /** Creates a group owned by this person with the others as members; returns its id. */
    public long createGroup(String name, Person... members) {
        List<String> names = Arrays.stream(members).map(Person::username).toList();
        return api.post("/api/groups", Map.of("name", name, "members", names))
                .expect(201)
                .json()
                .path("id")
                .asLong();
    }

    public Api.Response addTo(long group, Person member) {
        return api.post("/api/groups/" + group + "/members", Map.of("username", member.username()));
    }

    public Api.Response setRole(long group, Person member, String role) {
        return api.put("/api/groups/" + group + "/members/" + member.id() + "/role", Map.of("role", role));
    }

    public JsonNode send(long conversationId, String body) {
        return api.post("/api/conversations/" + conversationId + "/messages", Map.of("body", body))
                .expect(201)
                .json();
    }

    /** The conversation's details as this person may see them (or a problem). */
    public Api.Response conversation(long id) {
        return api.get("/api/conversations/" + id);
    }

    public JsonNode conversations() {
        return api.get("/api/conversations").expect(200).json();
    }

    /** This person's listing of one conversation, or null when it is not in their list. */
    public JsonNode listed(long conversationId) {
        for (JsonNode conversation : conversations()) {
            if (conversation.path("id").asLong() == conversationId) {
                return conversation;
            }
        }
        return null;
    }

    /** PUT /api/me/avatar with {@code bytes} as the body, declared as {@code type}. */
    public HttpResponse<String> putAvatar(byte[] bytes, String type) {
        HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(api.baseUrl() + "/api/me/avatar"))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", type)
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes))
                .build();
        try {
            return api.http().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String cursorNow() {
        return api.get("/api/events/cursor").expect(200).json().path("cursor").asString();
    }

    /** The number at {@code pointer} in each element of a JSON array, in order. */
    public static List<Long> ids(JsonNode list, String pointer) {
        List<Long> ids = new ArrayList<>();
        list.forEach(item -> ids.add(item.at(pointer).asLong()));
        return ids;
    }
}
