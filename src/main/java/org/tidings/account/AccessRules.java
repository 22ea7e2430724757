package org.tidings.account;

import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.authorization.AuthenticatedReactiveAuthorizationManager;
import org.springframework.security.authorization.AuthorizationDecision;
import org.springframework.security.authorization.AuthorizationResult;
import org.springframework.security.authorization.ReactiveAuthorizationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.web.server.authorization.AuthorizationContext;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import reactor.core.publisher.Mono;

/**
 * Who may call what, as one authorization manager: the first rule whose method and paths match
 * the request decides. The same rules as one {@code authorizeExchange} matcher per rule, but the
 * choice is a plain loop over path patterns; Spring Security's matcher per rule runs a reactive
 * pipeline per rule (and one per pattern within it) on every request, which the profile of
 * {@code GET /api/me} showed as a good share of its time.
 */
final class AccessRules implements ReactiveAuthorizationManager<AuthorizationContext> {

    private static final Mono<AuthorizationResult> GRANTED = Mono.just(new AuthorizationDecision(true));

    private static final ReactiveAuthorizationManager<AuthorizationContext> PERMIT_ALL =
            (authentication, context) -> GRANTED;

    private final List<Rule> rules;

    private AccessRules(List<Rule> rules) {
        this.rules = rules;
    }

    static AccessRules of(ReactiveAuthorizationManager<AuthorizationContext> adminOnly) {
        ReactiveAuthorizationManager<AuthorizationContext> authenticated =
                AuthenticatedReactiveAuthorizationManager.authenticated();
        return new AccessRules(List.of(
                new Rule(
                        HttpMethod.POST,
                        patterns("/api/auth/register", "/api/auth/login", "/api/auth/logout"),
                        PERMIT_ALL),
                // The sign-up page shows which registration policy applies.
                new Rule(HttpMethod.GET, patterns("/api/auth/registration"), PERMIT_ALL),
                new Rule(null, patterns("/api/admin/**"), adminOnly),
                new Rule(
                        null,
                        patterns("/actuator/health/**", "/actuator/health", "/actuator/prometheus", "/v3/api-docs/**"),
                        PERMIT_ALL),
                new Rule(null, patterns("/api/**", "/actuator/**"), authenticated)));
    }

    @Override
    public Mono<AuthorizationResult> authorize(Mono<Authentication> authentication, AuthorizationContext context) {
        ServerHttpRequest request = context.getExchange().getRequest();
        for (Rule rule : rules) {
            if (rule.matches(request)) {
                return rule.access().authorize(authentication, context);
            }
        }
        // Everything else (the client's pages and files, the event routes that check for themselves).
        return GRANTED;
    }

    /** True when {@code exchange} is a request with {@code method} (any when null) to one of {@code patterns}. */
    static boolean matches(ServerWebExchange exchange, HttpMethod method, List<PathPattern> patterns) {
        return new Rule(method, patterns, PERMIT_ALL).matches(exchange.getRequest());
    }

    static List<PathPattern> patterns(String... patterns) {
        return Arrays.stream(patterns)
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
    }

    private record Rule(
            HttpMethod method, List<PathPattern> patterns, ReactiveAuthorizationManager<AuthorizationContext> access) {

        boolean matches(ServerHttpRequest request) {
            if (method != null && method != request.getMethod()) {
                return false;
            }
            PathContainer path = request.getPath().pathWithinApplication();
            for (PathPattern pattern : patterns) {
                if (pattern.matches(path)) {
                    return true;
                }
            }
            return false;
        }
    }
}
