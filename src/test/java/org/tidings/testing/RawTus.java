package org.tidings.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;

/** tus requests built by hand, for the cases a well-behaved client never produces. */
public final class RawTus {

    private final Person person;
    private final String baseUrl;

    public RawTus(Person person, String baseUrl) {
        this.person = person;
        this.baseUrl = baseUrl;
    }

    public Person person() {
        return person;
    }

    public static String metadata(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + " "
                        + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
    }

    public static Map<String, String> fileIn(long conversationId, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("filename", name);
        values.put("type", "application/octet-stream");
        values.put("conversationId", Long.toString(conversationId));
        return values;
    }

    /** A request with the bearer token and Tus-Resumable; {@code path} may be a full URL. */
    public HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : baseUrl + path;
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + person.token())
                .header("Tus-Resumable", "1.0.0");
    }

    public Api.Response send(HttpRequest.Builder request) {
        return person.api().execute(request.build());
    }

    public Api.Response create(long length, Map<String, String> metadata) {
        return send(request("/api/uploads")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata(metadata))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Creates an upload whose length is not known yet and answers its URL. */
    public String createdDeferred(long conversationId, String name) {
        return send(request("/api/uploads")
                        .header("Upload-Defer-Length", "1")
                        .header("Upload-Metadata", metadata(fileIn(conversationId, name)))
                        .POST(HttpRequest.BodyPublishers.noBody()))
                .expect(201)
                .header("Location");
    }

    /** Creates an upload and answers its URL. */
    public String created(long length, long conversationId, String name) {
        return create(length, fileIn(conversationId, name)).expect(201).header("Location");
    }

    /**
     * Uploads a whole file in one PATCH and waits until it is an attachment in the conversation;
     * answers the attachment as the history shows it.
     */
    public JsonNode attach(long conversationId, String name, byte[] data) {
        upload(conversationId, name, data);
        return awaitAttachment(conversationId, name, data.length);
    }

    /** Waits until the conversation's history holds an attachment of that name and size. */
    public JsonNode awaitAttachment(long conversationId, String name, long size) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode message : person.api()
                    .get("/api/conversations/" + conversationId + "/messages?limit=200")
                    .expect(200)
                    .json()
                    .path("messages")) {
                JsonNode attachment = message.path("attachment");
                if (name.equals(attachment.path("name").asString())
                        && attachment.path("size").asLong() == size) {
                    return attachment;
                }
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        throw new AssertionError("Upload " + name + " did not become an attachment");
    }

    /** Uploads a whole file in one PATCH; answers the upload's URL. */
    public String upload(long conversationId, String name, byte[] data) {
        String url = created(data.length, conversationId, name);
        patch(url, 0, data).expect(204);
        return url;
    }

    public Api.Response patch(String url, long offset, byte[] body, String... headers) {
        HttpRequest.Builder request = request(url)
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    public Api.Response head(String url) {
        return send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    public Api.Response delete(String url) {
        return send(request(url).DELETE());
    }
}
