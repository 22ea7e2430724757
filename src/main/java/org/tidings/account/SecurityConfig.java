package org.tidings.account;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;
import org.tidings.web.BenchFloor;
import org.tidings.web.Problem;
import reactor.core.publisher.Mono;

@Configuration(proxyBeanMethods = false)
@EnableWebFluxSecurity
class SecurityConfig {

    @Bean
    SecurityWebFilterChain securityWebFilterChain(
            ServerHttpSecurity http,
            CredentialsContextRepository credentials,
            AdminAuthorization adminOnly,
            @Value("${" + BenchFloor.PROPERTY + ":false}") boolean benchFloor) {
        if (benchFloor) {
            // The benchmark's floor measures the framework without this chain (web/BenchFloor).
            ServerWebExchangeMatcher floor = paths(HttpMethod.GET, BenchFloor.PATH);
            http.securityMatcher(
                    exchange -> floor.matches(exchange).flatMap(result -> result.isMatch() ? NO_MATCH : MATCH));
        }
        return http.securityContextRepository(credentials)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                .requestCache(cache -> cache.requestCache(NoOpServerRequestCache.getInstance()))
                // ResponseHeaders sets them, per kind of response (document, API, static file).
                .headers(ServerHttpSecurity.HeaderSpec::disable)
                .csrf(csrf -> csrf.csrfTokenRepository(CookieServerCsrfTokenRepository.withHttpOnlyFalse())
                        .csrfTokenRequestHandler(new ServerCsrfTokenRequestAttributeHandler())
                        .requireCsrfProtectionMatcher(SecurityConfig::isCookieAuthenticatedChange)
                        .accessDeniedHandler((exchange, denied) -> Problem.write(
                                exchange,
                                HttpStatus.FORBIDDEN,
                                "csrf_invalid",
                                "Missing or wrong X-XSRF-TOKEN header (copy it from the XSRF-TOKEN cookie)",
                                Map.of())))
                .authorizeExchange(auth -> auth.matchers(
                                paths(HttpMethod.POST, "/api/auth/register", "/api/auth/login", "/api/auth/logout"))
                        .permitAll()
                        // The sign-up page shows which registration policy applies.
                        .matchers(paths(HttpMethod.GET, "/api/auth/registration"))
                        .permitAll()
                        .matchers(paths(null, "/api/admin/**"))
                        .access(adminOnly)
                        .matchers(paths(
                                null,
                                "/actuator/health/**",
                                "/actuator/health",
                                "/actuator/prometheus",
                                "/v3/api-docs/**"))
                        .permitAll()
                        .matchers(paths(null, "/api/**", "/actuator/**"))
                        .authenticated()
                        .anyExchange()
                        .permitAll())
                .exceptionHandling(errors -> errors.authenticationEntryPoint((exchange, e) -> Problem.write(
                                exchange,
                                HttpStatus.UNAUTHORIZED,
                                "unauthenticated",
                                "Sign in or send a valid bearer token",
                                Map.of()))
                        .accessDeniedHandler((exchange, e) ->
                                Problem.write(exchange, HttpStatus.FORBIDDEN, "forbidden", "Not allowed", Map.of())))
                .build();
    }

    private static final Mono<ServerWebExchangeMatcher.MatchResult> MATCH =
            ServerWebExchangeMatcher.MatchResult.match();
    private static final Mono<ServerWebExchangeMatcher.MatchResult> NO_MATCH =
            ServerWebExchangeMatcher.MatchResult.notMatch();

    /**
     * The paths (and method, when not null) a rule applies to, matched as Spring Security's
     * {@code pathMatchers} match them (PathPattern, within the application) but without their
     * debug messages: Spring's logging bridge formats each one (String.format) before it finds
     * debug off, once per pattern per request, which the profile of GET /api/me showed.
     */
    private static ServerWebExchangeMatcher paths(HttpMethod method, String... patterns) {
        List<PathPattern> parsed = Arrays.stream(patterns)
                .map(PathPatternParser.defaultInstance::parse)
                .toList();
        return exchange -> {
            ServerHttpRequest request = exchange.getRequest();
            if (method != null && method != request.getMethod()) {
                return NO_MATCH;
            }
            PathContainer path = request.getPath().pathWithinApplication();
            for (PathPattern pattern : parsed) {
                if (pattern.matches(path)) {
                    return MATCH;
                }
            }
            return NO_MATCH;
        };
    }

    /**
     * CSRF rides on cookies, so only state-changing requests that carry the session cookie need
     * the token. Bearer-token clients and anonymous sign-up/sign-in carry no ambient credential.
     */
    private static Mono<ServerWebExchangeMatcher.MatchResult> isCookieAuthenticatedChange(ServerWebExchange exchange) {
        var request = exchange.getRequest();
        HttpMethod method = request.getMethod();
        boolean safe = method == HttpMethod.GET
                || method == HttpMethod.HEAD
                || method == HttpMethod.OPTIONS
                || method == HttpMethod.TRACE;
        boolean bearer = isBearer(request);
        boolean cookie = request.getCookies().containsKey(AccountController.SESSION_COOKIE);
        return !safe && !bearer && cookie
                ? ServerWebExchangeMatcher.MatchResult.match()
                : ServerWebExchangeMatcher.MatchResult.notMatch();
    }

    /**
     * Makes sure every response to a cookie client carries the XSRF-TOKEN cookie it must echo.
     * Bearer-token clients never need it (CSRF rides on cookies), so they are not sent one.
     */
    @Bean
    WebFilter csrfCookieFilter() {
        return (exchange, chain) -> {
            Mono<CsrfToken> token = exchange.getAttribute(CsrfToken.class.getName());
            return token == null || isBearer(exchange.getRequest())
                    ? chain.filter(exchange)
                    : token.then(chain.filter(exchange));
        };
    }

    private static boolean isBearer(ServerHttpRequest request) {
        return Callers.isBearer(request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION));
    }

    @Bean
    PasswordEncoder passwordEncoder(AccountSettings settings) {
        // Delegating, so hashes say their algorithm and a later change of algorithm or cost keeps
        // old hashes verifiable. Salt 16 bytes, hash 32 bytes: Spring Security's defaults.
        var argon2 = new Argon2PasswordEncoder(16, 32, 1, settings.argon2MemoryKib(), settings.argon2Iterations());
        return new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2, "bcrypt", new BCryptPasswordEncoder()));
    }
}
