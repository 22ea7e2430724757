package org.tidings.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Security and caching headers by kind of response, instead of Spring Security's one set for
 * all. Documents (the client's pages) get the content security policy, frame and referrer
 * rules; API answers and event streams never run as a page, and on a long poll those 300 bytes
 * would be most of every response. Static files are revalidated rather than refetched on every
 * load. A handler's own Cache-Control (file downloads, polls) is kept.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class ResponseHeaders implements WebFilter {

    /**
     * No inline script or style, nothing from another origin: user text that slipped into markup
     * could still not run.
     */
    static final String CONTENT_SECURITY_POLICY = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            + "frame-ancestors 'none'; form-action 'self'";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        String path = exchange.getRequest().getPath().value();
        boolean api = path.startsWith("/api/") || path.startsWith("/actuator/") || path.startsWith("/v3/");
        HttpHeaders headers = exchange.getResponse().getHeaders();
        headers.set("X-Content-Type-Options", "nosniff");
        if (!api) {
            headers.set("Content-Security-Policy", CONTENT_SECURITY_POLICY);
            headers.set("X-Frame-Options", "DENY");
            headers.set("Referrer-Policy", "no-referrer");
        }
        // Private data must not sit in shared caches; the client's files may, but are checked
        // (Last-Modified) on each load so an upgrade shows at once.
        String cacheControl = api ? "no-store" : "no-cache";
        exchange.getResponse().beforeCommit(() -> {
            if (!headers.containsHeader(HttpHeaders.CACHE_CONTROL)) {
                headers.set(HttpHeaders.CACHE_CONTROL, cacheControl);
            }
            return Mono.empty();
        });
        return chain.filter(exchange);
    }
}
