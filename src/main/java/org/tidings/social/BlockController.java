package org.tidings.social;

import jakarta.validation.Valid;
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
import org.tidings.account.AuthenticatedUser;

@RestController
@RequestMapping("/api/blocks")
class BlockController {

    private final Blocks blocks;

    BlockController(Blocks blocks) {
        this.blocks = blocks;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    BlockView block(@AuthenticationPrincipal AuthenticatedUser me, @Valid @RequestBody UsernameBody body) {
        return blocks.block(me, body.username());
    }

    @GetMapping
    List<BlockView> list(@AuthenticationPrincipal AuthenticatedUser me) {
        return blocks.list(me.id());
    }

    @DeleteMapping("/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void unblock(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long userId) {
        blocks.unblock(me.id(), userId);
    }
}
