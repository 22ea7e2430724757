package org.tidings.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes RFC 9457 problem+json bodies; the one place their shape is decided. */
public final class Problem {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private Problem() {}

    /** A failure's answer: what {@link #body} is built from, and seconds for Retry-After (0: none). */
    public record Answer(
            HttpStatus status, String code, String detail, Map<String, Object> extra, long retryAfterSeconds) {}

    public static Map<String, Object> body(HttpStatus status, String code, String detail, Map<String, Object> extra) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", status.getReasonPhrase());
        body.put("status", status.value());
        body.put("code", code);
        if (detail != null) {
            body.put("detail", detail);
        }
        body.putAll(extra);
        return body;
    }

    /** The serialised body, for answers written outside WebFlux (Reactor Netty routes). */
    public static byte[] bytes(
            HttpStatus status, String code, String detail, Map<String, Object> extra, String instance) {
        Map<String, Object> body = body(status, code, detail, extra);
        body.put("instance", instance);
        return JSON.writeValueAsBytes(body);
    }

    public static Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, String code, String detail, Map<String, Object> extra) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        byte[] bytes = bytes(
                status, code, detail, extra, exchange.getRequest().getPath().value());
        response.setStatusCode(status);
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        headers.setContentLength(bytes.length);
        if (hasBody(exchange.getRequest().getHeaders())) {
            // Refused before its body was read (by security, say): a connection whose request
            // body was left unread must not carry the next request. Reactor Netty hung the next
            // request on such a connection (a cookie request after a CSRF 403 never got its answer).
            headers.set(HttpHeaders.CONNECTION, "close");
        }
        return response.writeWith(Mono.just(response.bufferFactory().wrap(bytes)));
    }

    private static boolean hasBody(HttpHeaders request) {
        return request.getContentLength() > 0 || request.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }
}
