package org.tidings.account;

import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.stereotype.Component;
import org.tidings.storage.Blocking;
import reactor.core.publisher.Mono;

/**
 * Admits administrators to /api/admin/. Read from the database on each call rather than cached
 * with the credentials, so a revoked role stops working at once; these calls are rare.
 */
@Component
class AdminAuthorization implements ReactiveAuthorizationManager<AuthorizationContext> {

    private final Administrators administrators;

    AdminAuthorization(Administrators administrators) {
        this.administrators = administrators;
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        return authentication
                .filter(Authentication::isAuthenticated)
                .map(Authentication::getPrincipal)
                .ofType(AuthenticatedUser.class)
                .flatMap(user -> Blocking.call(() -> administrators.isAdmin(user.id())))
                .map(admin -> (AuthorizationResult) new AuthorizationDecision(admin))
                .defaultIfEmpty(new AuthorizationDecision(false));
    }
}
