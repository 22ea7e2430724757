package org.tidings.web;

import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MethodNotAllowedException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.NotAcceptableStatusException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import org.springframework.web.server.UnsupportedMediaTypeStatusException;
import org.springframework.web.server.WebExceptionHandler;
import org.springframework.web.util.DisconnectedClientHelper;
import reactor.core.publisher.Mono;

/**
 * Turns every failure into problem+json with a stable code. Registered ahead of Spring Boot's
 * own error handler so no HTML page or stack trace ever reaches a client.
 */
@Component
@Order(-2)
public class ProblemExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemExceptionHandler.class);

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable ex) {
        Problem.Answer answer = answer(ex, exchange.getRequest().getPath().value());
        if (answer == null) {
            return Mono.empty();
        }
        if (answer.retryAfterSeconds() > 0) {
            exchange.getResponse().getHeaders().set("Retry-After", Long.toString(answer.retryAfterSeconds()));
        }
        if (answer.status().value() == HttpStatus.CONTENT_TOO_LARGE.value()) {
            // The body may not all be read (see BodyRefusal): the connection ends after this answer.
            exchange.getResponse().getHeaders().set(HttpHeaders.CONNECTION, "close");
        }
        return Problem.write(exchange, answer.status(), answer.code(), answer.detail(), answer.extra());
    }

    /**
     * What a failure answers, logged as its kind deserves; null when the client went away. Also
     * for routes that answer outside WebFlux (the long poll), so every error keeps one shape.
     */
    public static Problem.Answer answer(Throwable ex, String path) {
        if (DisconnectedClientHelper.isClientDisconnectedException(ex)) {
            // The client went away (a poll abandoned on reconnect): nobody to answer, nothing wrong.
            log.debug("client disconnected path={}", path);
            return null;
        }
        long retryAfter = ex instanceof RateLimited limited ? limited.retryAfterSeconds() : 0;
        if (ex instanceof ApiException api) {
            log.warn(
                    "request failed path={} status={} code={}",
                    path,
                    api.status().value(),
                    api.code());
            return new Problem.Answer(api.status(), api.code(), api.getMessage(), api.properties(), retryAfter);
        }
        Mapped mapped = map(ex);
        if (mapped.status() == HttpStatus.SERVICE_UNAVAILABLE) {
            // An outage, not a bug: one line per request, no stack trace to bury the logs.
            log.warn("request failed path={} status=503 code={} cause={}", path, mapped.code(), ex.toString());
        } else if (mapped.status().is5xxServerError()) {
            log.error("request failed path={}", path, ex);
        } else {
            // Only the exception's type: its message may echo rejected input, such as a password.
            log.warn(
                    "request failed path={} status={} code={} cause={}",
                    path,
                    mapped.status().value(),
                    mapped.code(),
                    ex.getClass().getSimpleName());
        }
        return new Problem.Answer(mapped.status(), mapped.code(), mapped.detail(), mapped.extra(), retryAfter);
    }

    private record Mapped(HttpStatus status, String code, String detail, Map<String, Object> extra) {
        Mapped(HttpStatus status, String code, String detail) {
            this(status, code, detail, Map.of());
        }
    }

    private static Mapped malformedOrInvalid(ServerWebInputException input) {
        return hasCause(input, DecodingException.class)
                ? new Mapped(
                        HttpStatus.BAD_REQUEST,
                        "malformed_json",
                        "The request body is not valid JSON of the expected shape")
                : new Mapped(HttpStatus.BAD_REQUEST, "invalid_parameter", input.getReason());
    }

    private static Mapped map(Throwable ex) {
        if (hasCause(ex, DataBufferLimitException.class)) {
            return new Mapped(HttpStatus.PAYLOAD_TOO_LARGE, "payload_too_large", "Request body is too large");
        }
        if (databaseUnavailable(ex)) {
            return new Mapped(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "database_unavailable",
                    "The database is unavailable; nothing was changed, try again shortly");
        }
        return switch (ex) {
            case WebExchangeBindException bind ->
                new Mapped(
                        HttpStatus.BAD_REQUEST,
                        "validation_failed",
                        "The request has invalid fields",
                        Map.of("errors", fieldErrors(bind)));
            case MissingRequestValueException missing ->
                new Mapped(HttpStatus.BAD_REQUEST, "invalid_parameter", missing.getReason());
            // Not a guarded case ("when"): the build's formatter cannot parse guards yet.
            case ServerWebInputException input -> malformedOrInvalid(input);
            case UnsupportedMediaTypeStatusException unsupported ->
                new Mapped(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "unsupported_media_type", unsupported.getReason());
            case MethodNotAllowedException notAllowed ->
                new Mapped(HttpStatus.METHOD_NOT_ALLOWED, "method_not_allowed", notAllowed.getReason());
            case NotAcceptableStatusException notAcceptable ->
                new Mapped(HttpStatus.NOT_ACCEPTABLE, "not_acceptable", notAcceptable.getReason());
            case ResponseStatusException status -> fromStatus(status.getStatusCode(), status.getReason());
            case AuthenticationException auth ->
                new Mapped(HttpStatus.UNAUTHORIZED, "unauthenticated", "Sign in or send a valid bearer token");
            case AccessDeniedException denied -> new Mapped(HttpStatus.FORBIDDEN, "forbidden", "Not allowed");
            default ->
                new Mapped(HttpStatus.INTERNAL_SERVER_ERROR, "internal_error", "Something went wrong on the server");
        };
    }

    private static Mapped fromStatus(HttpStatusCode code, String reason) {
        HttpStatus status = HttpStatus.resolve(code.value());
        if (status == null) {
            status = HttpStatus.INTERNAL_SERVER_ERROR;
        }
        String stableCode = switch (status) {
            case NOT_FOUND -> "not_found";
            case CONTENT_TOO_LARGE -> "payload_too_large";
            case UNAUTHORIZED -> "unauthenticated";
            case FORBIDDEN -> "forbidden";
            case CONFLICT -> "conflict";
            case TOO_MANY_REQUESTS -> "rate_limited";
            case SERVICE_UNAVAILABLE -> "unavailable";
            default -> status.is5xxServerError() ? "internal_error" : "bad_request";
        };
        String detail = status == HttpStatus.NOT_FOUND ? "No such resource" : reason;
        return new Mapped(status, stableCode, detail);
    }

    private static List<Map<String, String>> fieldErrors(WebExchangeBindException bind) {
        return bind.getFieldErrors().stream()
                .map(error -> Map.of(
                        "field", error.getField(),
                        "message", String.valueOf(error.getDefaultMessage())))
                .toList();
    }

    /** No connection, or it broke: the statement did not run (or rolled back with its transaction). */
    private static boolean databaseUnavailable(Throwable ex) {
        return hasCause(ex, DataAccessResourceFailureException.class)
                || hasCause(ex, TransientDataAccessResourceException.class)
                || hasCause(ex, RecoverableDataAccessException.class)
                || hasCause(ex, SQLTransientConnectionException.class)
                || hasCause(ex, SQLNonTransientConnectionException.class);
    }

    private static boolean hasCause(Throwable ex, Class<? extends Throwable> type) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }
}
