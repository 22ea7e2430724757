package org.tidings.web;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The Reactor Netty routes that answer ordinary requests ({@code GET /api/me}, the HTTP send) skip
 * WebFlux and with it the observation behind {@code http.server.requests}. They record into the
 * same timer with the same tags (method, uri template, status, outcome, exception), so request
 * rates and dashboards built on that meter still count them.
 */
@Component
public class RouteTimers {

    private final MeterRegistry registry;

    RouteTimers(MeterRegistry registry) {
        this.registry = registry;
    }

    /** The timers of one route, by status; {@code uri} is the template the controller maps. */
    public Route route(String method, String uri) {
        return new Route(method, uri);
    }

    public final class Route {

        private final String method;
        private final String uri;
        private final ConcurrentMap<Integer, Timer> byStatus = new ConcurrentHashMap<>();

        private Route(String method, String uri) {
            this.method = method;
            this.uri = uri;
        }

        /** Times the answer from subscription until it ends, by the status it sent. */
        public Mono<Void> timed(HttpServerResponse response, Mono<Void> answer) {
            return Mono.defer(() -> {
                long start = System.nanoTime();
                return answer.doFinally(signal -> timer(
                                signal == SignalType.CANCEL
                                        ? -1
                                        : response.status().code())
                        .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS));
            });
        }

        private Timer timer(int status) {
            Timer found = byStatus.get(status);
            return found != null ? found : byStatus.computeIfAbsent(status, this::register);
        }

        private Timer register(int status) {
            // A client that went away before the answer: what WebFlux's observation says of it.
            String outcome = status < 0 ? "UNKNOWN" : Outcome.forStatus(status).name();
            return Timer.builder("http.server.requests")
                    .tag("method", method)
                    .tag("uri", uri)
                    .tag("status", status < 0 ? "UNKNOWN" : Integer.toString(status))
                    .tag("outcome", outcome)
                    .tag("exception", "none")
                    .register(registry);
        }
    }
}
