package org.tidings.social;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.tidings.account.AuthenticatedUser;

/** Invite links (docs/api.md, "Invite links"). */
@RestController
class InviteController {

    private final Invites invites;

    InviteController(Invites invites) {
        this.invites = invites;
    }

    record NewInvite(Long expiresInSeconds, Integer maxUses) {}

    @PostMapping("/api/groups/{id}/invites")
    @ResponseStatus(HttpStatus.CREATED)
    Invites.Created create(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long id,
            @RequestBody(required = false) NewInvite body,
            ServerHttpRequest request) {
        NewInvite options = body == null ? new NewInvite(null, null) : body;
        return invites.create(me.id(), id, options.expiresInSeconds(), options.maxUses(), linkBase(request));
    }

    @GetMapping("/api/groups/{id}/invites")
    List<Invites.InviteView> list(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        return invites.list(me.id(), id);
    }

    @DeleteMapping("/api/groups/{id}/invites/{inviteId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void revoke(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @PathVariable long inviteId) {
        invites.revoke(me.id(), id, inviteId);
    }

    @GetMapping("/api/invites/{token}")
    Invites.Preview preview(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable String token) {
        return invites.preview(me.id(), token);
    }

    @PostMapping("/api/invites/{token}/accept")
    ConversationDetails accept(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable String token) {
        return invites.accept(me.id(), token);
    }

    /**
     * The client's page as the caller reached it (through a trusted proxy, its address), with
     * the token in the fragment: browsers never send a fragment to a server, so the token stays
     * out of access logs and Referer headers.
     */
    private static String linkBase(ServerHttpRequest request) {
        return UriComponentsBuilder.fromUri(request.getURI())
                        .replacePath(request.getPath().contextPath().value() + "/")
                        .replaceQuery(null)
                        .build()
                        .toUriString()
                + "#/invite/";
    }
}
