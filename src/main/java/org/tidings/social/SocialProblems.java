package org.tidings.social;

import java.util.List;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.tidings.web.ApiException;

/** The refusals of this feature, each with its stable code (listed in docs/api.md). */
final class SocialProblems {

    private SocialProblems() {}

    /** Someone else's conversation, group or request looks exactly like one that does not exist. */
    static ApiException notFound(String what) {
        return ApiException.notFound(what);
    }

    static ApiException userNotFound(String username) {
        return new ApiException(
                HttpStatus.NOT_FOUND, "user_not_found", "No user is called " + username, Map.of("username", username));
    }

    static ApiException blocked() {
        return ApiException.forbidden("blocked", "A block between you and this user prevents it");
    }

    /** Nothing new starts with a deactivated account: no friendship, no group seat. */
    static ApiException deactivated(String username) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "user_deactivated",
                username + "'s account was deactivated by an administrator",
                Map.of("username", username));
    }

    /** Kept out of a group by its owner or admins; the same code for every way in. */
    static ApiException banned() {
        return ApiException.forbidden("banned", "You are banned from this group");
    }

    /** The link existed, but is expired, used up, revoked, or its group is gone. */
    static ApiException inviteExpired() {
        return new ApiException(HttpStatus.GONE, "invite_expired", "This invite link no longer works");
    }

    static ApiException groupFull(int max) {
        return new ApiException(
                HttpStatus.CONFLICT,
                "group_full",
                "A group has at most " + max + " members",
                Map.of("maxMembers", max));
    }

    static ApiException ownerMustHandOver(String detail) {
        return ApiException.conflict("owner_must_hand_over", detail);
    }

    static ApiException forbidden(String detail) {
        return ApiException.forbidden("forbidden", detail);
    }

    static ApiException invalid(String field, String message) {
        return new ApiException(
                HttpStatus.BAD_REQUEST,
                "validation_failed",
                "The request has invalid fields",
                Map.of("errors", List.of(Map.of("field", field, "message", message))));
    }
}
