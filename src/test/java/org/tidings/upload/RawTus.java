package org.tidings.upload;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.tidings.testing.Api;
import org.tidings.testing.Person;

/** tus requests built by hand, for the cases a well-behaved client never produces. */
final class RawTus {

    private final Person person;
    private final String baseUrl;

    RawTus(Person person, String baseUrl) {
        this.person = person;
        this.baseUrl = baseUrl;
    }

    static String metadata(Map<String, String> values) {
        return values.entrySet().stream()
                .map(e -> e.getKey() + " "
                        + Base64.getEncoder().encodeToString(e.getValue().getBytes(StandardCharsets.UTF_8)))
                .collect(Collectors.joining(","));
    }

    static Map<String, String> fileIn(long conversationId, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("filename", name);
        values.put("type", "application/octet-stream");
        values.put("conversationId", Long.toString(conversationId));
        return values;
    }

    /** A request with the bearer token and Tus-Resumable; {@code path} may be a full URL. */
    HttpRequest.Builder request(String path) {
        String url = path.startsWith("http") ? path : baseUrl + path;
        return HttpRequest.newBuilder(URI.create(url))
                .timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + person.token())
                .header("Tus-Resumable", "1.0.0");
    }

    Api.Response send(HttpRequest.Builder request) {
        return person.api().execute(request.build());
    }

    Api.Response create(long length, Map<String, String> metadata) {
        return send(request("/api/uploads")
                .header("Upload-Length", Long.toString(length))
                .header("Upload-Metadata", metadata(metadata))
                .POST(HttpRequest.BodyPublishers.noBody()));
    }

    /** Creates an upload and answers its URL. */
    String created(long length, long conversationId, String name) {
        return create(length, fileIn(conversationId, name)).expect(201).header("Location");
    }

    /** Uploads a whole file in one PATCH; answers the upload's URL. */
    String upload(long conversationId, String name, byte[] data) {
        String url = created(data.length, conversationId, name);
        patch(url, 0, data).expect(204);
        return url;
    }

    Api.Response patch(String url, long offset, byte[] body, String... headers) {
        HttpRequest.Builder request = request(url)
                .header("Upload-Offset", Long.toString(offset))
                .header("Content-Type", "application/offset+octet-stream")
                .method("PATCH", HttpRequest.BodyPublishers.ofByteArray(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return send(request);
    }

    Api.Response head(String url) {
        return send(request(url).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    }

    Api.Response delete(String url) {
        return send(request(url).DELETE());
    }
}
