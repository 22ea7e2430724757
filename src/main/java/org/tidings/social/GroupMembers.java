package org.tidings.social;

import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Component;
import org.tidings.account.Accounts;
import org.tidings.account.UserView;
import org.tidings.stream.EventLog;
import org.tidings.web.ApiException;

/**
 * Who is in a group. Owner and admins add anyone (no invitation step: the added person can
 * leave) unless a block stands between adder and added; the owner removes anyone, an admin only
 * plain members; anyone but the owner leaves; the owner sets roles.
 */
@Component
class GroupMembers {

    private final EventLog log;
    private final Accounts accounts;
    private final SocialSettings settings;

    GroupMembers(EventLog log, Accounts accounts, SocialSettings settings) {
        this.log = log;
        this.accounts = accounts;
        this.settings = settings;
    }

    MemberView add(long me, long groupId, String username) {
        // Looked up before the write (the writer uses only its own connection), but reported
        // only after the caller's membership is checked, so outsiders learn nothing but 404.
        Optional<UserView> found = accounts.findByName(username);
        return log.write(tx -> {
            Groups.requireManager(tx, groupId, me);
            UserView user = found.orElseThrow(() -> SocialProblems.userNotFound(username));
            if (user.deactivated()) {
                throw SocialProblems.deactivated(user.username());
            }
            if (Blocks.between(tx.jdbc(), me, user.id())) {
                throw SocialProblems.blocked();
            }
            if (Members.find(tx.jdbc(), groupId, user.id()).isPresent()) {
                throw ApiException.conflict("already_member", "That user is already in the group");
            }
            if (RoomBans.isBanned(tx.jdbc(), groupId, user.id())) {
                throw SocialProblems.banned();
            }
            if (Members.count(tx.jdbc(), groupId) >= settings.maxGroupMembers()) {
                throw SocialProblems.groupFull(settings.maxGroupMembers());
            }
            return ConversationChanges.add(tx, groupId, user.id(), me);
        });
    }

    /** Removing yourself is leaving. */
    void remove(long me, long groupId, long userId) {
        if (userId == me) {
            leave(me, groupId);
            return;
        }
        log.write(tx -> {
            Role mine = Groups.requireManager(tx, groupId, me);
            Role theirs = Members.requireRoleOf(tx.jdbc(), groupId, userId);
            if (!mine.canRemove(theirs)) {
                throw SocialProblems.forbidden("Admins cannot remove the owner or another admin");
            }
            ConversationChanges.remove(tx, groupId, userId, me, "removed");
            return null;
        });
    }

    void leave(long me, long groupId) {
        log.write(tx -> {
            if (Members.requireGroupRole(tx.jdbc(), groupId, me) == Role.OWNER) {
                throw SocialProblems.ownerMustHandOver("Hand the group over to another member (or delete it) first");
            }
            ConversationChanges.remove(tx, groupId, me, me, "left");
            return null;
        });
    }

    /** Only admin and member can be given; ownership moves by handing over. */
    MemberView setRole(long me, long groupId, long userId, Role role) {
        return log.write(tx -> {
            Groups.requireOwner(tx, groupId, me);
            Role current = Members.requireRoleOf(tx.jdbc(), groupId, userId);
            if (current == Role.OWNER) {
                throw SocialProblems.ownerMustHandOver("Hand the group over to change your own role");
            }
            if (current != role) {
                Groups.setRole(tx, groupId, userId, role);
                ConversationChanges.updated(tx, groupId, me, List.of(new SocialEvents.RoleChange(userId, role.wire())));
            }
            return Members.view(tx.jdbc(), groupId, userId);
        });
    }
}
