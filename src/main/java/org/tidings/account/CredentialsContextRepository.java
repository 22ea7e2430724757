package org.tidings.account;

import java.util.List;
import org.springframework.http.HttpCookie;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextImpl;
import org.springframework.security.web.server.context.ServerSecurityContextRepository;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Reads who is calling from the bearer token or the session cookie, on every request. Nothing is
 * kept in server memory between requests beyond the credential cache, so any node can serve any
 * request.
 */
@Component
class CredentialsContextRepository implements ServerSecurityContextRepository {

    private final Callers callers;

    CredentialsContextRepository(Callers callers) {
        this.callers = callers;
    }

    @Override
    public Mono<Void> save(ServerWebExchange exchange, SecurityContext context) {
        return Mono.empty();
    }

    @Override
    public Mono<SecurityContext> load(ServerWebExchange exchange) {
        String authorization = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        HttpCookie session = Callers.isBearer(authorization)
                ? null
                : exchange.getRequest().getCookies().getFirst(AccountController.SESSION_COOKIE);
        return callers.find(authorization, session == null ? null : session.getValue())
                .map(CredentialsContextRepository::context);
    }

    private static SecurityContext context(AuthenticatedUser user) {
        return new SecurityContextImpl(UsernamePasswordAuthenticationToken.authenticated(user, null, List.of()));
    }
}
