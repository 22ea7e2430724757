package org.tidings.stream;

import java.util.Map;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.HandlerMapping;
import org.springframework.web.reactive.handler.SimpleUrlHandlerMapping;

@Configuration(proxyBeanMethods = false)
class WebSocketConfig {

    // Ahead of the annotated controllers, so the upgrade path is never mistaken for a 404.
    @Bean
    HandlerMapping eventWebSocketMapping(EventWebSocketHandler handler) {
        return new SimpleUrlHandlerMapping(Map.of("/api/events/ws", handler), -1);
    }
}
