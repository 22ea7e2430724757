package org.tidings.web;

import java.nio.charset.StandardCharsets;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The framework's floor for the benchmark's {@code http} scenario: a WebFlux handler that does
 * nothing, outside the security chain, so the cost of the real request path can be read against
 * what Reactor Netty and WebFlux take on the same server. Off unless
 * {@code tidings.bench.floor-endpoint=true}; a production server never answers it.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = BenchFloor.PROPERTY, havingValue = "true")
public class BenchFloor {

    public static final String PROPERTY = "tidings.bench.floor-endpoint";
    public static final String PATH = "/bench/floor";

    private static final byte[] BODY = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);

    @Bean
    RouterFunction<ServerResponse> benchFloorRoute() {
        return RouterFunctions.route()
                .GET(
                        PATH,
                        request -> ServerResponse.ok()
                                .contentType(MediaType.APPLICATION_JSON)
                                .bodyValue(BODY))
                .build();
    }
}
