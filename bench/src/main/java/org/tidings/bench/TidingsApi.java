package org.tidings.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/** The few Tidings API calls the benchmarks need to set up users, tokens, groups and friends. */
final class TidingsApi {

    record User(long id, String username, String token) {}

    static final ObjectMapper JSON = new ObjectMapper();
    private static final String PASSWORD = "bench-password-1";

    private final HttpClient http;
    private final String base;

    TidingsApi(HttpClient http, int port) {
        this.http = http;
        this.base = "http://127.0.0.1:" + port;
    }

    String base() {
        return base;
    }

    /** Registers, signs in and makes an API token for each of {@code count} users. */
    List<User> users(String prefix, int count) throws Exception {
        return parallel(count, i -> user(prefix + i));
    }

    User user(String username) throws IOException, InterruptedException {
        call("POST", "/api/auth/register", null, Map.of("username", username, "password", PASSWORD, "displayName", username));
        HttpResponse<String> login = send(request("POST", "/api/auth/login", null, Map.of("username", username, "password", PASSWORD)));
        check(login);
        String session = cookie(login.headers(), "tidings_session");
        String xsrf = cookie(login.headers(), "XSRF-TOKEN");
        HttpRequest tokenRequest = HttpRequest.newBuilder(URI.create(base + "/api/auth/tokens"))
                .header("Content-Type", "application/json")
                .header("Cookie", "tidings_session=" + session + "; XSRF-TOKEN=" + xsrf)
                .header("X-XSRF-TOKEN", xsrf)
                .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"bench\"}"))
                .build();
        JsonNode token = JSON.readTree(check(send(tokenRequest)).body());
        JsonNode me = call("GET", "/api/me", token.get("token").asText(), null);
        return new User(me.get("id").asLong(), username, token.get("token").asText());
    }

    /** Signs in as a browser does: the Cookie header value with the session and its XSRF token. */
    String sessionCookie(String username) throws IOException, InterruptedException {
        HttpResponse<String> login = check(send(request("POST", "/api/auth/login", null, Map.of("username", username, "password", PASSWORD))));
        return "tidings_session=" + cookie(login.headers(), "tidings_session") + "; XSRF-TOKEN="
                + cookie(login.headers(), "XSRF-TOKEN");
    }

    /** A group owned by {@code owner} with these members; returns its conversation id. */
    long group(User owner, String name, List<User> members) throws IOException, InterruptedException {
        List<String> names = members.stream().map(User::username).filter(n -> !n.equals(owner.username())).toList();
        return call("POST", "/api/groups", owner.token(), Map.of("name", name, "members", names)).get("id").asLong();
    }

    /** Makes two users friends; returns their direct conversation's id. */
    long befriend(User a, User b) throws IOException, InterruptedException {
        JsonNode request = call("POST", "/api/friends/requests", a.token(), Map.of("username", b.username()));
        return call("POST", "/api/friends/requests/" + request.get("id").asLong() + "/accept", b.token(), Map.of())
                .get("conversationId")
                .asLong();
    }

    JsonNode call(String method, String path, String token, Object body) throws IOException, InterruptedException {
        String text = check(send(request(method, path, token, body))).body();
        return text.isEmpty() ? JSON.nullNode() : JSON.readTree(text);
    }

    HttpRequest request(String method, String path, String token, Object body) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body == null) {
            return builder.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return builder.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body)))
                .build();
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> check(HttpResponse<String> response) throws IOException {
        if (response.statusCode() >= 300) {
            throw new IOException(response.request().method() + " " + response.uri().getPath() + " answered "
                    + response.statusCode() + ": " + response.body());
        }
        return response;
    }

    private static String cookie(HttpHeaders headers, String name) throws IOException {
        for (String header : headers.allValues("set-cookie")) {
            if (header.startsWith(name + "=")) {
                return header.substring(name.length() + 1, header.indexOf(';'));
            }
        }
        throw new IOException("no " + name + " cookie");
    }

    /** Runs {@code count} calls, {@code concurrency} at a time (the single writer batches them). */
    static <T> List<T> parallel(int count, IndexedCall<T> call) throws Exception {
        return parallel(count, 64, call);
    }

    static <T> List<T> parallel(int count, int concurrency, IndexedCall<T> call) throws Exception {
        Semaphore inFlight = new Semaphore(concurrency);
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int index = i;
                Callable<T> task = () -> {
                    inFlight.acquire();
                    try {
                        return call.call(index);
                    } finally {
                        inFlight.release();
                    }
                };
                futures.add(executor.submit(task));
            }
            List<T> results = new ArrayList<>(count);
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        }
    }

    @FunctionalInterface
    interface IndexedCall<T> {
        T call(int index) throws Exception;
    }
}
