package org.tidings.social;

import jakarta.validation.Valid;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;

@RestController
@RequestMapping("/api/friends")
class FriendController {

    private final Friendships friendships;
    private final FriendRequests requests;

    FriendController(Friendships friendships, FriendRequests requests) {
        this.friendships = friendships;
        this.requests = requests;
    }

    @GetMapping
    List<FriendView> friends(@AuthenticationPrincipal AuthenticatedUser me) {
        return friendships.list(me.id());
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unfriend(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long userId) {
        friendships.unfriend(me.id(), userId);
    }

    /** 201 with the new request; 200 with the friendship when they had already asked you. */
    @PostMapping("/requests")
    ResponseEntity<?> request(@AuthenticationPrincipal AuthenticatedUser me, @Valid @RequestBody UsernameBody body) {
        return switch (requests.send(me, body.username())) {
            case FriendRequests.Outcome.Requested r ->
                ResponseEntity.status(HttpStatus.CREATED).body(r.request());
            case FriendRequests.Outcome.Befriended b -> ResponseEntity.ok(b.friend());
        };
    }

    @GetMapping("/requests")
    FriendRequests.Lists requests(@AuthenticationPrincipal AuthenticatedUser me) {
        return requests.list(me.id());
    }

    @PostMapping("/requests/{id}/accept")
    FriendView accept(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        return requests.accept(me.id(), id);
    }

    @PostMapping("/requests/{id}/decline")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void decline(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        requests.decline(me.id(), id);
    }

    @DeleteMapping("/requests/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void cancel(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        requests.cancel(me.id(), id);
    }
}
