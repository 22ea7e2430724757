package org.tidings.testing;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tidings in its own JVM, so a test can kill it the hard way (SIGKILL, like a crash or the OOM
 * killer) and start it again on the same port and data.
 */
public final class ServerProcess implements AutoCloseable {

    private final Map<String, String> properties;
    private final Path log;
    private volatile int port;
    private boolean started;
    private Process process;

    public ServerProcess(Map<String, String> properties) {
        this.port = freePort();
        this.properties = new LinkedHashMap<>(properties);
        this.log = TempDirs.create("tidings-node").resolve("server.log");
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    /**
     * Changes a property for the next {@link #start()}: a test that kills the server may bring it
     * back configured differently, as an operator might, and a server shared by a class's tests
     * can be restarted with what each test needs.
     */
    public ServerProcess configure(String key, String value) {
        properties.put(key, value);
        return this;
    }

    public ServerProcess start() {
        // A port found free may be taken by someone else's outgoing connection before the
        // server binds it (the ephemeral range is shared); on a first start, take another.
        for (int attempt = 1; ; attempt++) {
            launch();
            try {
                // Generous: on a loaded two-core CI machine a start has taken over 70 s.
                awaitHealthy(Duration.ofSeconds(180));
                started = true;
                return this;
            } catch (IllegalStateException e) {
                if (started || attempt == 3 || !portWasTaken()) {
                    throw e;
                }
                port = freePort();
            }
        }
    }

    private void launch() {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.add("-Xmx512m");
        // C1 only: a start is mostly code that runs once (class loading, Spring's context
        // refresh), where C2 compiles are CPU taken from the start itself on a two-core machine;
        // about 40 % quicker to healthy (12 s -> 7.5 s), and the tests' servers get restarted a lot.
        command.add("-XX:TieredStopAtLevel=1");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.tidings.TidingsApplication");
        command.add("--server.port=" + port);
        command.add("--spring.profiles.active=test");
        properties.forEach((key, value) -> command.add("--" + key + "=" + value));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean portWasTaken() {
        try {
            return !process.isAlive() && Files.readString(log).contains("Port " + port + " was already in use");
        } catch (IOException e) {
            return false;
        }
    }

    /** kill -9: no shutdown hooks, no flush, no goodbye. */
    public void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public File log() {
        return log.toFile();
    }

    @Override
    public void close() {
        if (process != null && process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }

    private void awaitHealthy(Duration timeout) {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Server exited with " + process.exitValue() + "; see " + log);
            }
            try {
                HttpResponse<Void> response = http.send(
                        HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            // Often: each start (and a test's restart) waits here for the slice it overshoots.
            sleep(50);
        }
        throw new IllegalStateException("Server did not become healthy in " + timeout + "; see " + log);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
