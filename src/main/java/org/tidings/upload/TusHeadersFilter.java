package org.tidings.upload;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * tus wants Tus-Resumable on every response of the upload endpoints, errors included (and
 * Tus-Version on 412). Added at commit time, ahead of security, so 401s and problem answers from
 * the shared error handler carry them too.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class TusHeadersFilter implements WebFilter {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (exchange.getRequest().getPath().pathWithinApplication().value().startsWith("/api/uploads")) {
            var response = exchange.getResponse();
            response.beforeCommit(() -> {
                HttpHeaders headers = response.getHeaders();
                headers.set("Tus-Resumable", Tus.VERSION);
                if (HttpStatus.PRECONDITION_FAILED.equals(response.getStatusCode())) {
                    headers.set("Tus-Version", Tus.VERSION);
                }
                return Mono.empty();
            });
        }
        return chain.filter(exchange);
    }
}
