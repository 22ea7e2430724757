package org.tidings.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/** Follows a Tidings stream over Server-Sent Events ({@code /api/events/stream}). */
final class TidingsSse implements StreamConnection, Flow.Subscriber<String> {

    private final EventSink sink;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final AtomicBoolean broken = new AtomicBoolean();
    private volatile Flow.Subscription subscription;

    private TidingsSse(EventSink sink) {
        this.sink = sink;
    }

    static TidingsSse open(HttpClient http, String base, String token, EventSink sink) throws Exception {
        TidingsSse sse = new TidingsSse(sink);
        HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/events/stream"))
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.fromLineSubscriber(sse))
                .whenComplete((response, error) -> {
                    if (error != null || response.statusCode() != 200) {
                        sse.fail(error != null ? error : new IllegalStateException("status " + response.statusCode()));
                    }
                });
        sse.ready.get(60, TimeUnit.SECONDS);
        return sse;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
        if (line.startsWith("data: ")) {
            ready.complete(null);
            sink.onEvent(line.substring(6));
        }
    }

    @Override
    public void onError(Throwable error) {
        fail(error);
    }

    @Override
    public void onComplete() {
        fail(new IllegalStateException("stream ended"));
    }

    private void fail(Throwable error) {
        broken.set(true);
        ready.completeExceptionally(error);
    }

    @Override
    public long requests() {
        return 1;
    }

    @Override
    public boolean broken() {
        return broken.get();
    }

    @Override
    public void close() {
        Flow.Subscription current = subscription;
        if (current != null) {
            current.cancel();
        }
    }
}
