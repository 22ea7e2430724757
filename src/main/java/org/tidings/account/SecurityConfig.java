package org.tidings.account;

import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.config.annotation.web.reactive.EnableWebFluxSecurity;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.csrf.CookieServerCsrfTokenRepository;
import org.springframework.security.web.server.csrf.CsrfToken;
import org.springframework.security.web.server.csrf.ServerCsrfTokenRequestAttributeHandler;
import org.springframework.security.web.server.firewall.ServerExchangeRejectedHandler;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatcher;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.util.pattern.PathPattern;
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
            List<PathPattern> floor = AccessRules.patterns(BenchFloor.PATH);
            http.securityMatcher(exchange -> AccessRules.matches(exchange, HttpMethod.GET, floor) ? NO_MATCH : MATCH);
        }
        return http.securityContextRepository(credentials)
                .httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
                .formLogin(ServerHttpSecurity.FormLoginSpec::disable)
                .logout(ServerHttpSecurity.LogoutSpec::disable)
                // No saved requests (an API answers 401, it does not redirect), so no filter for them.
                .requestCache(ServerHttpSecurity.RequestCacheSpec::disable)
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
                // Rules in AccessRules: sign-up and sign-in open, /api/admin/ for administrators,
                // health, metrics and the API description open, the rest of /api/ and /actuator/
                // for signed-in callers, everything else (pages, files) open.
                .authorizeExchange(auth -> auth.anyExchange().access(AccessRules.of(adminOnly)))
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
        return !safe && !bearer && cookie ? MATCH : NO_MATCH;
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

    /**
     * Requests the firewall refuses (an encoded slash, dot segment, backslash or control
     * character in the path; a header with characters no client sends) get the same problem+json
     * as every other refusal, instead of Spring Security's bare 400 with an empty body.
     */
    @Bean
    ServerExchangeRejectedHandler rejectedRequests() {
        return (exchange, rejected) -> Problem.write(
                exchange,
                HttpStatus.BAD_REQUEST,
                "request_rejected",
                "The request's path or headers contain characters this server never accepts, such as an"
                        + " encoded slash or dot segment",
                Map.of());
    }

    /**
     * No observation around each security filter, authentication or authorization: with the
     * observations merely disabled in configuration (management.observations.enable), Spring
     * Security still wraps every filter of the chain in a decorator that starts and stops a no-op
     * observation per filter per request. The HTTP server's own request metrics stay on.
     */
    @Bean
    static SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    @Bean
    PasswordEncoder passwordEncoder(AccountSettings settings) {
        // Delegating, so hashes say their algorithm and a later change of algorithm or cost keeps
        // old hashes verifiable. Salt 16 bytes, hash 32 bytes: Spring Security's defaults.
        var argon2 = new Argon2PasswordEncoder(16, 32, 1, settings.argon2MemoryKib(), settings.argon2Iterations());
        return new DelegatingPasswordEncoder("argon2", Map.of("argon2", argon2, "bcrypt", new BCryptPasswordEncoder()));
    }
}
