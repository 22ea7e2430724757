package org.tidings.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.InetSocketAddress;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseCookie;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.web.ApiException;

@RestController
class AccountController {

    static final String SESSION_COOKIE = "tidings_session";

    /** Compared against when the username is unknown, so both failures take the same time. */
    private final String decoyHash;

    private final Accounts accounts;
    private final Sessions sessions;
    private final Credentials credentials;
    private final PasswordEncoder passwords;
    private final LoginThrottle throttle;
    private final AccountSettings settings;
    private final SignUp signUp;
    private final ProfileChanges profiles;

    AccountController(
            SignUp signUp,
            Accounts accounts,
            Sessions sessions,
            Credentials credentials,
            PasswordEncoder passwords,
            LoginThrottle throttle,
            AccountSettings settings,
            ProfileChanges profiles) {
        this.profiles = profiles;
        this.accounts = accounts;
        this.sessions = sessions;
        this.credentials = credentials;
        this.passwords = passwords;
        this.throttle = throttle;
        this.settings = settings;
        this.signUp = signUp;
        this.decoyHash = passwords.encode("decoy password, never matches");
    }

    record Registration(
            @NotNull @Pattern(regexp = "[A-Za-z0-9_.-]{3,32}", message = "3-32 characters of a-z, 0-9, _ . -")
            String username,

            @NotNull @Size(min = 8, max = 128) String password,

            // 1-64 characters (code points, so an emoji counts once); no control characters
            // and no bidi overrides, which could make a name display as someone else's.
            @NotBlank
            @Pattern(
                    regexp = "[^\\p{Cc}\\u202A-\\u202E\\u2066-\\u2069]{1,64}",
                    message = "1-64 characters, no control characters")
            String displayName,

            // Needed only while the registration policy is "invite".
            @Size(max = 64) String inviteCode) {
        Registration {
            displayName = displayName == null ? null : displayName.strip();
        }
    }

    record Login(@NotNull String username, @NotNull String password) {}

    @PostMapping("/api/auth/register")
    @ResponseStatus(HttpStatus.CREATED)
    UserView register(@Valid @RequestBody Registration body, ServerHttpRequest request) {
        throttle.checkRegistration(clientAddress(request));
        return signUp.register(
                body.username(), body.displayName(), passwords.encode(body.password()), body.inviteCode());
    }

    @PostMapping("/api/auth/login")
    ResponseEntity<UserView> login(@Valid @RequestBody Login body, ServerHttpRequest request) {
        String address = clientAddress(request);
        throttle.checkAllowed(body.username(), address);
        var user = accounts.findByUsername(body.username());
        boolean matches = passwords.matches(
                body.password(), user.map(Accounts.StoredUser::passwordHash).orElse(decoyHash));
        if (user.isEmpty() || !matches) {
            throttle.recordFailure(body.username(), address);
            throw new ApiException(HttpStatus.UNAUTHORIZED, "invalid_credentials", "Wrong username or password");
        }
        if (user.get().deactivated()) {
            // Said only to someone who knows the password: nobody else learns the account's state.
            throw ApiException.forbidden("account_deactivated", "This account was deactivated by an administrator");
        }
        String secret = sessions.start(user.get().id());
        ResponseCookie cookie =
                sessionCookie(request, secret, settings.sessionLifetime().toSeconds());
        return ResponseEntity.ok()
                .header(HttpHeaders.SET_COOKIE, cookie.toString())
                .body(user.get().view());
    }

    @PostMapping("/api/auth/logout")
    ResponseEntity<Void> logout(ServerHttpRequest request) {
        var cookie = request.getCookies().getFirst(SESSION_COOKIE);
        if (cookie != null) {
            sessions.end(cookie.getValue());
            credentials.forgetSession(cookie.getValue());
        }
        return ResponseEntity.noContent()
                .header(HttpHeaders.SET_COOKIE, sessionCookie(request, "", 0).toString())
                .build();
    }

    @GetMapping("/api/me")
    Me me(@AuthenticationPrincipal AuthenticatedUser me) {
        return accounts.me(me.id()).orElseThrow(() -> ApiException.notFound("User"));
    }

    @PatchMapping("/api/me")
    Me change(@AuthenticationPrincipal AuthenticatedUser me, @Valid @RequestBody Me.Change change) {
        if (change.displayName() != null || change.status() != null) {
            profiles.change(me.id(), change.displayName(), change.status());
        }
        if (change.shareReadReceipts() != null) {
            accounts.shareReadReceipts(me.id(), change.shareReadReceipts());
        }
        return me(me);
    }

    private static ResponseCookie sessionCookie(ServerHttpRequest request, String value, long maxAgeSeconds) {
        boolean https = "https".equals(request.getURI().getScheme()) || request.getSslInfo() != null;
        return ResponseCookie.from(SESSION_COOKIE, value)
                .httpOnly(true)
                .sameSite("Lax")
                .secure(https)
                .path("/")
                .maxAge(maxAgeSeconds)
                .build();
    }

    private static String clientAddress(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        // Forwarded addresses arrive unresolved, so take the host string rather than the InetAddress.
        return remote == null ? "unknown" : remote.getHostString();
    }
}
