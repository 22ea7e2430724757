package org.tidings.account;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.web.ApiException;

@RestController
@RequestMapping("/api/auth/tokens")
class TokenController {

    private final ApiTokens tokens;
    private final Credentials credentials;

    TokenController(ApiTokens tokens, Credentials credentials) {
        this.tokens = tokens;
        this.credentials = credentials;
    }

    record NewToken(@NotBlank @Size(max = 80) String name) {
        NewToken {
            name = name == null ? null : name.strip();
        }
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ApiTokens.CreatedToken create(@AuthenticationPrincipal AuthenticatedUser me, @Valid @RequestBody NewToken body) {
        return tokens.create(me.id(), body.name());
    }

    @GetMapping
    List<ApiTokens.TokenView> list(@AuthenticationPrincipal AuthenticatedUser me) {
        return tokens.list(me.id());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        String hash = tokens.revoke(me.id(), id).orElseThrow(() -> ApiException.notFound("Token"));
        credentials.forgetToken(hash);
    }
}
