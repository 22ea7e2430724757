package org.tidings.social;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;

/** Bans from a group (docs/api.md, "Bans"): a ban is a resource named by the banned user's id. */
@RestController
@RequestMapping("/api/groups/{id}/bans")
class RoomBanController {

    private final RoomBans bans;

    RoomBanController(RoomBans bans) {
        this.bans = bans;
    }

    @GetMapping
    List<RoomBans.BanView> list(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        return bans.list(me.id(), id);
    }

    @PutMapping("/{userId}")
    RoomBans.BanView ban(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @PathVariable long userId) {
        return bans.ban(me.id(), id, userId);
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void lift(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @PathVariable long userId) {
        bans.lift(me.id(), id, userId);
    }
}
