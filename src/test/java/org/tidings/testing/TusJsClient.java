package org.tidings.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/**
 * tus-js-client (pinned in src/test/node/package.json) running in Node, driven by
 * src/test/node/upload.mjs. Every step the client takes arrives as a JSON event: requests with
 * their Upload-Offset, responses, progress, the upload URL, success or error.
 */
public final class TusJsClient implements AutoCloseable {

    private static final Path DIR = Path.of("src/test/node");
    private static volatile boolean installed;

    private final Process process;
    private final List<JsonNode> events = new CopyOnWriteArrayList<>();
    private final Thread reader;

    private TusJsClient(Process process) {
        this.process = process;
        this.reader = Thread.ofVirtual().start(this::read);
    }

    /** Starts an upload; see upload.mjs for the options. */
    public static TusJsClient start(Map<String, Object> options) {
        ensureInstalled();
        try {
            Process process = new ProcessBuilder("node", "upload.mjs", Api.JSON.writeValueAsString(options))
                    .directory(DIR.toFile())
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            return new TusJsClient(process);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs an upload to its end; fails the test if it does not end in time. */
    public static TusJsClient run(Map<String, Object> options, Duration timeout) {
        TusJsClient client = start(options);
        client.waitFor(timeout);
        return client;
    }

    public int waitFor(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("tus-js-client did not finish in " + timeout + "; events: " + events);
            }
            reader.join(Duration.ofSeconds(5));
            return process.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits for the first event that matches; fails the test if none comes in time. */
    public JsonNode await(Predicate<JsonNode> match, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode event : events) {
                if (match.test(event)) {
                    return event;
                }
            }
            if (!process.isAlive() && !reader.isAlive()) {
                break;
            }
            sleep();
        }
        throw new AssertionError("No matching tus-js-client event; events: " + events);
    }

    public List<JsonNode> events() {
        return List.copyOf(events);
    }

    public List<JsonNode> events(String type) {
        return events.stream()
                .filter(e -> type.equals(e.path("event").asString()))
                .toList();
    }

    public boolean succeeded() {
        return !events("success").isEmpty();
    }

    /** The Upload-Offset of each PATCH the client sent, in order. */
    public List<Long> patchOffsets() {
        return events("request").stream()
                .filter(e -> "PATCH".equals(e.path("method").asString()))
                .map(e -> Long.parseLong(e.path("offset").asString()))
                .toList();
    }

    public String uploadUrl() {
        return events("url").getFirst().path("url").asString();
    }

    public static boolean isEvent(JsonNode event, String type) {
        return type.equals(event.path("event").asString());
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    private void read() {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                events.add(Api.JSON.readTree(line));
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    /**
     * CI installs the pinned client first (.ci/run); a developer's first test run does it here,
     * once, from the lock file.
     */
    private static synchronized void ensureInstalled() {
        if (installed || Files.isDirectory(DIR.resolve("node_modules/tus-js-client"))) {
            installed = true;
            return;
        }
        try {
            Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                    .directory(DIR.toFile())
                    .inheritIO()
                    .start();
            if (npm.waitFor() != 0) {
                throw new IllegalStateException("npm ci failed in " + DIR.toAbsolutePath());
            }
            installed = true;
        } catch (IOException e) {
            throw new UncheckedIOException("Node and npm are needed for the tus client tests", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(20);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
