package org.tidings.bench;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Follows a Tidings stream by polling {@code /api/events}: long polls ({@code wait} seconds)
 * back to back, or short polls every {@code interval}. One virtual thread per client.
 */
final class TidingsPoll implements StreamConnection {

    // Below the JDK client's 30 s idle keep-alive limit, so the pooled connection stays open.
    static final int LONG_POLL_WAIT_SECONDS = 25;

    private final HttpClient http;
    private final String base;
    private final String token;
    private final EventSink sink;
    private final Duration shortInterval;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicBoolean broken = new AtomicBoolean();
    private volatile boolean closed;
    private volatile Thread thread;
    private String cursor;

    private TidingsPoll(HttpClient http, String base, String token, EventSink sink, Duration shortInterval) {
        this.http = http;
        this.base = base;
        this.token = token;
        this.sink = sink;
        this.shortInterval = shortInterval;
    }

    /** A long poll when {@code shortInterval} is null, else a short poll at that interval. */
    static TidingsPoll open(HttpClient http, String base, String token, EventSink sink, Duration shortInterval)
            throws IOException, InterruptedException {
        TidingsPoll poll = new TidingsPoll(http, base, token, sink, shortInterval);
        poll.poll(-1); // starts at "now", as a stream would
        poll.thread = Thread.ofVirtual().name("poll").start(poll::loop);
        return poll;
    }

    private void loop() {
        try {
            while (!closed) {
                if (shortInterval == null) {
                    poll(LONG_POLL_WAIT_SECONDS);
                } else {
                    Thread.sleep(shortInterval);
                    poll(0);
                }
            }
        } catch (InterruptedException | IOException e) {
            if (!closed) {
                broken.set(true);
            }
        }
    }

    private void poll(int waitSeconds) throws IOException, InterruptedException {
        String query = cursor == null ? "" : "?after=" + cursor + (waitSeconds > 0 ? "&wait=" + waitSeconds : "");
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/events" + query))
                .header("Authorization", "Bearer " + token)
                .build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        requests.incrementAndGet();
        if (response.statusCode() != 200) {
            broken.set(true);
            throw new IOException("poll answered " + response.statusCode());
        }
        JsonNode batch = TidingsApi.JSON.readTree(response.body());
        for (JsonNode event : batch.get("events")) {
            sink.onEvent(TidingsApi.JSON.writeValueAsString(event));
        }
        cursor = batch.get("cursor").asText();
    }

    @Override
    public long requests() {
        return requests.get();
    }

    @Override
    public boolean broken() {
        return broken.get();
    }

    @Override
    public void close() {
        closed = true;
        Thread running = thread;
        if (running != null) {
            running.interrupt();
        }
    }
}
