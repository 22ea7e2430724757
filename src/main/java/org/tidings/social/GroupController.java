package org.tidings.social;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;

@RestController
@RequestMapping("/api/groups")
class GroupController {

    private final Groups groups;
    private final GroupMembers members;

    GroupController(Groups groups, GroupMembers members) {
        this.groups = groups;
        this.members = members;
    }

    /** Name and description are checked by {@link GroupText}, which counts characters as the database does. */
    record NewGroup(String name, String description, List<@NotNull String> members) {
        NewGroup {
            members = members == null ? List.of() : members;
        }
    }

    /** Visibility is private or public (listed in the room directory, open to anyone signed in). */
    record GroupChange(String name, String description, String visibility) {}

    record RoleChange(
            @NotNull
            @Pattern(regexp = "admin|member", message = "must be admin or member (hand over to change the owner)")
            String role) {}

    record NewOwner(@NotNull Long userId) {}

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    ConversationDetails create(@AuthenticationPrincipal AuthenticatedUser me, @Valid @RequestBody NewGroup body) {
        return groups.create(me, body.name(), body.description(), body.members());
    }

    @PatchMapping("/{id}")
    ConversationDetails update(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @RequestBody GroupChange body) {
        if (body.name() == null && body.description() == null && body.visibility() == null) {
            throw SocialProblems.invalid("name", "give a name, a description, a visibility or several");
        }
        return groups.update(me.id(), id, body.name(), body.description(), body.visibility());
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void delete(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        groups.delete(me.id(), id);
    }

    @PostMapping("/{id}/owner")
    ConversationDetails handOver(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @Valid @RequestBody NewOwner body) {
        return groups.handOver(me.id(), id, body.userId());
    }

    @PostMapping("/{id}/members")
    @ResponseStatus(HttpStatus.CREATED)
    MemberView add(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long id,
            @Valid @RequestBody UsernameBody body) {
        return members.add(me.id(), id, body.username());
    }

    @DeleteMapping("/{id}/members/{userId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void remove(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id, @PathVariable long userId) {
        members.remove(me.id(), id, userId);
    }

    @PostMapping("/{id}/leave")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    void leave(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        members.leave(me.id(), id);
    }

    @PutMapping("/{id}/members/{userId}/role")
    MemberView setRole(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long id,
            @PathVariable long userId,
            @Valid @RequestBody RoleChange body) {
        return members.setRole(me.id(), id, userId, Role.of(body.role()));
    }
}
