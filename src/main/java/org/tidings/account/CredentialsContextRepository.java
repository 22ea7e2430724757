package org.tidings.account;

import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.tidings.storage.Blocking;
import reactor.core.publisher.Mono;

/**
 * Reads who is calling from the bearer token or the session cookie, on every request. Nothing is
 * kept in server memory between requests, so any node can serve any request.
 */
@Component
class CredentialsContextRepository implements ServerSecurityContextRepository {

    private static final String BEARER = "Bearer ";

    private final Credentials credentials;

    CredentialsContextRepository(Credentials credentials) {
        this.credentials = credentials;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return Mono.empty();
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            String token = authorization.substring(BEARER.length()).strip();
            return resolve(() -> credentials.byToken(token));
        }
        HttpCookie session = exchange.getRequest().getCookies().getFirst(AccountController.SESSION_COOKIE);
        if (session != null && !session.getValue().isEmpty()) {
            return resolve(() -> credentials.bySession(session.getValue()));
        }
        return Mono.empty();
    }

    private static Mono<SecurityContext> resolve(Callable<Optional<AuthenticatedUser>> lookup) {
        return Blocking.call(lookup).flatMap(user -> Mono.justOrEmpty(user.map(CredentialsContextRepository::context)));
    }

    private static SecurityContext context(AuthenticatedUser user) {
        return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
    }
}
