package org.tidings.stream;

import java.util.Map;
import java.util.concurrent.Executor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.config.WebFluxConfigurer;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.WebSocketService;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

@Configuration(proxyBeanMethods = false)
class WebSocketConfig implements WebFluxConfigurer {

    // Ahead of the annotated controllers, so the upgrade path is never mistaken for a 404.
    @Bean
    HandlerMapping eventWebSocketMapping(EventWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/api/events/ws", handler), -1);
    }

    /** The standard handshake, plus the connection's event loop in the session's attributes. */
    @Override
    public WebSocketService getWebSocketService() {
        return new HandshakeWebSocketService() {
            @Override
            public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
                Executor loop = EventLoops.of(exchange.getRequest());
                return super.handleRequest(exchange, session -> {
                    if (loop != null) {
                        session.getAttributes().put(EventLoops.ATTRIBUTE, loop);
                    }
                    return handler.handle(session);
                });
            }
        };
    }
}
