package org.tidings.testing;

import java.io.IOException;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP client for one person: its own cookie jar, and the CSRF header a browser client
 * would copy from the XSRF-TOKEN cookie. Each instance also claims its own client address (via
 * X-Forwarded-For, from the 198.18.0.0/15 benchmarking range) so throttling in one test never leaks into
 * another.
 */
public final class Api {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final String baseUrl;
    private final CookieManager cookies = new CookieManager();
    private final HttpClient http;
    private final String address;
    private String bearer;
    private boolean sendCsrf = true;
    private final Map<String, String> extraHeaders = new LinkedHashMap<>();

    public Api(int port) {
        this("http://localhost:" + port);
    }

    public Api(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .cookieHandler(cookies)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        int n = ThreadLocalRandom.current().nextInt(1 << 17);
        this.address = "198." + (18 + (n >> 16)) + "." + ((n >> 8) & 0xff) + "." + (n & 0xff);
    }

    public String baseUrl() {
        return baseUrl;
    }

    public Api bearer(String token) {
        this.bearer = token;
        return this;
    }

    public Api withoutCsrf() {
        this.sendCsrf = false;
        return this;
    }

    public Api header(String name, String value) {
        extraHeaders.put(name, value);
        return this;
    }

    public String clientAddress() {
        return address;
    }

    public Response get(String path) {
        return send("GET", path, null);
    }

    public Response delete(String path) {
        return send("DELETE", path, null);
    }

    public Response post(String path, Object body) {
        return send("POST", path, body);
    }

    public Response post(String path) {
        return send("POST", path, null);
    }

    public Response put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Response patch(String path, Object body) {
        return send("PATCH", path, body);
    }

    public Response send(String method, String path, Object body) {
        String text = body == null ? null : body instanceof String s ? s : JSON.writeValueAsString(body);
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(90))
                .header("X-Forwarded-For", address)
                .method(
                        method,
                        text == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(text));
        if (text != null) {
            request.header("Content-Type", "application/json");
        }
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        String csrf = cookie("XSRF-TOKEN");
        if (sendCsrf && csrf != null) {
            request.header("X-XSRF-TOKEN", csrf);
        }
        extraHeaders.forEach(request::header);
        return execute(request.build());
    }

    public Response execute(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(response);
        } catch (IOException e) {
            throw new IllegalStateException(request.method() + " " + request.uri() + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A GET whose body is bytes (files, downloads), with any extra request headers. */
    public HttpResponse<byte[]> download(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(90))
                .header("X-Forwarded-For", address);
        if (bearer != null) {
            request.header("Authorization", "Bearer " + bearer);
        }
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new IllegalStateException("GET " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String cookie(String name) {
        return cookies.getCookieStore().getCookies().stream()
                .filter(c -> c.getName().equals(name))
                .map(HttpCookie::getValue)
                .findFirst()
                .orElse(null);
    }

    public HttpClient http() {
        return http;
    }

    /** Registers and signs in a fresh user whose name starts with {@code prefix}. */
    public JsonNode signUp(String prefix) {
        String username = Names.unique(prefix);
        post("/api/auth/register", Map.of("username", username, "password", "correct horse", "displayName", prefix))
                .expect(201);
        return post("/api/auth/login", Map.of("username", username, "password", "correct horse"))
                .expect(200)
                .json();
    }

    /**
     * Signed in as {@code username}, signing up first if the account does not exist yet: for the
     * administrator a test names in {@code tidings.admin.usernames}.
     */
    public static Api signedInAs(int port, String username) {
        Api api = new Api(port);
        Map<String, String> login = Map.of("username", username, "password", "correct horse");
        if (api.post("/api/auth/login", login).status() != 200) {
            api.post(
                            "/api/auth/register",
                            Map.of("username", username, "password", "correct horse", "displayName", username))
                    .expect(201);
            api.post("/api/auth/login", login).expect(200);
        }
        return api;
    }

    /** The job's view once it is neither queued nor running (it must be this caller's job). */
    public JsonNode awaitJob(long job) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode view = get("/api/jobs/" + job).expect(200).json();
            String state = view.path("state").asString();
            if (!state.equals("queued") && !state.equals("running")) {
                return view;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + job + " did not finish");
    }

    /** Creates an API token for the signed-in user, for streams and scripts. */
    public String token() {
        return post("/api/auth/tokens", Map.of("name", "test"))
                .expect(201)
                .json()
                .path("token")
                .asString();
    }

    public record Response(HttpResponse<String> raw) {
        public int status() {
            return raw.statusCode();
        }

        public JsonNode json() {
            return JSON.readTree(raw.body());
        }

        public String body() {
            return raw.body();
        }

        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        public Response expect(int status) {
            if (raw.statusCode() != status) {
                throw new AssertionError("Expected " + status + " but got " + raw.statusCode() + " for "
                        + raw.request().method() + " " + raw.request().uri() + ": " + raw.body());
            }
            return this;
        }

        /** Asserts a problem+json answer with the given status and stable code. */
        public JsonNode expectProblem(int status, String code) {
            expect(status);
            String type = header("Content-Type");
            if (type == null || !type.startsWith("application/problem+json")) {
                throw new AssertionError("Expected problem+json but got " + type + ": " + raw.body());
            }
            JsonNode body = json();
            if (!code.equals(body.path("code").asString())) {
                throw new AssertionError("Expected code " + code + " but got " + raw.body());
            }
            return body;
        }
    }
}
