package org.tidings.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.lettuce.core.RedisClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The machine's Redis on 127.0.0.1:6379, which the cluster tests share (each run under its own
 * key prefix) and which one of them stops and starts again.
 */
public final class LocalRedis {

    public static final String URL = "redis://127.0.0.1:6379";

    // Exactly how CI starts it: no persistence, so a restart comes back empty, like a crash.
    private static final String START = "redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379"
            + " --save \"\" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log";

    private LocalRedis() {}

    /**
     * In CI (CI=true) Redis must be there and the test runs; on a developer machine without it
     * the test is skipped with a message saying how to run it.
     */
    public static void require() {
        boolean up = isUp();
        if ("true".equalsIgnoreCase(System.getenv("CI"))) {
            assertThat(up).as("CI must provide Redis on 127.0.0.1:6379").isTrue();
        }
        assumeTrue(
                up,
                "Redis is not running on 127.0.0.1:6379, so the cluster tests are skipped."
                        + " Start one (e.g. `redis-server --daemonize yes`) and run ./mvnw verify again.");
    }

    /** How many connections are subscribed to {@code channel} now. */
    public static long subscribers(String channel) {
        RedisClient client = RedisClient.create(URL);
        try (var connection = client.connect()) {
            return connection.sync().pubsubNumsub(channel).getOrDefault(channel, 0L);
        } finally {
            client.shutdown();
        }
    }

    public static boolean isUp() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Stops Redis the way an outage would: at once, keeping nothing. */
    public static void stop() {
        run("redis-cli -p 6379 shutdown nosave");
        await(false);
    }

    /** Starts Redis unless it is already up; waits until it accepts connections. */
    public static void start() {
        if (!isUp()) {
            run(START);
        }
        await(true);
    }

    private static void await(boolean up) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (isUp() != up) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Redis did not " + (up ? "start" : "stop") + " in 20 s");
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void run(String command) {
        try {
            Process process = new ProcessBuilder("bash", "-c", command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("Timed out: " + command);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
