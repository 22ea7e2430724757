package org.tidings.social;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.account.Accounts;
import org.tidings.account.AuthenticatedUser;
import org.tidings.stream.EventLog;
import org.tidings.stream.WriteTx;

/**
 * A group's life: creation, renaming, handing over and deletion. The owner alone hands over or
 * deletes; owner and admins rename. Membership changes are in {@link GroupMembers}.
 */
@Component
class Groups {

    private final EventLog log;
    private final Accounts accounts;
    private final SocialSettings settings;

    Groups(EventLog log, Accounts accounts, SocialSettings settings) {
        this.log = log;
        this.accounts = accounts;
        this.settings = settings;
    }

    /** Anyone can be put in a group by name, friend or not, unless a block stands between you. */
    ConversationDetails create(AuthenticatedUser me, String name, String description, List<String> usernames) {
        String groupName = GroupText.checkName(name);
        String groupDescription = GroupText.checkDescription(description);
        Map<Long, UserRef> invited = new LinkedHashMap<>();
        for (String username : usernames) {
            UserRef user = accounts.findByName(username)
                    .map(UserRef::of)
                    .orElseThrow(() -> SocialProblems.userNotFound(username));
            if (user.deactivated()) {
                throw SocialProblems.deactivated(user.username());
            }
            if (user.id() != me.id()) {
                invited.put(user.id(), user);
            }
        }
        if (invited.size() + 1 > settings.maxGroupMembers()) {
            throw SocialProblems.groupFull(settings.maxGroupMembers());
        }
        return log.write(tx -> {
            Set<Long> blocked = Blocks.around(tx.jdbc(), me.id());
            List<ConversationChanges.Seat> seats = new ArrayList<>();
            seats.add(new ConversationChanges.Seat(me.id(), Role.OWNER));
            for (UserRef user : invited.values()) {
                if (blocked.contains(user.id())) {
                    throw SocialProblems.blocked();
                }
                seats.add(new ConversationChanges.Seat(user.id(), Role.MEMBER));
            }
            long id = ConversationChanges.open(tx, "group", groupName, groupDescription, null, seats);
            return ConversationViews.requireDetails(tx.jdbc(), me.id(), id);
        });
    }

    /** Null leaves a field as it is; an empty description removes it. */
    ConversationDetails update(long me, long groupId, String name, String description, String visibility) {
        String newName = name == null ? null : GroupText.checkName(name);
        String newDescription = description == null ? null : GroupText.checkDescription(description);
        Visibility newVisibility = visibility == null ? null : Visibility.of(visibility);
        return log.write(tx -> {
            requireManager(tx, groupId, me);
            GroupText before = GroupText.of(tx.jdbc(), groupId);
            GroupText after = new GroupText(
                    newName == null ? before.name() : newName,
                    description == null ? before.description() : newDescription);
            boolean changed = !after.equals(before);
            if (changed) {
                tx.jdbc()
                        .sql("UPDATE conversations SET name = ?, description = ? WHERE id = ?")
                        .params(after.name(), after.description(), groupId)
                        .update();
            }
            if (newVisibility != null && newVisibility != Visibility.of(tx.jdbc(), groupId)) {
                tx.jdbc()
                        .sql("UPDATE conversations SET visibility = ? WHERE id = ?")
                        .params(newVisibility.wire(), groupId)
                        .update();
                changed = true;
            }
            if (changed) {
                ConversationChanges.updated(tx, groupId, me, List.of());
            }
            return ConversationViews.requireDetails(tx.jdbc(), me, groupId);
        });
    }

    /** The new owner must be a member; the old owner stays on as an admin. */
    ConversationDetails handOver(long me, long groupId, long newOwner) {
        return log.write(tx -> {
            requireOwner(tx, groupId, me);
            if (newOwner != me) {
                Members.requireRoleOf(tx.jdbc(), groupId, newOwner);
                setRole(tx, groupId, newOwner, Role.OWNER);
                setRole(tx, groupId, me, Role.ADMIN);
                ConversationChanges.updated(
                        tx,
                        groupId,
                        me,
                        List.of(
                                new SocialEvents.RoleChange(newOwner, Role.OWNER.wire()),
                                new SocialEvents.RoleChange(me, Role.ADMIN.wire())));
            }
            return ConversationViews.requireDetails(tx.jdbc(), me, groupId);
        });
    }

    void delete(long me, long groupId) {
        log.write(tx -> {
            requireOwner(tx, groupId, me);
            ConversationChanges.delete(tx, groupId, me);
            return null;
        });
    }

    static Role requireManager(WriteTx tx, long groupId, long userId) {
        return requireManager(tx.jdbc(), groupId, userId);
    }

    /** For reads outside a write (listing bans or invites): 404 for outsiders, 403 for members. */
    static Role requireManager(JdbcClient jdbc, long groupId, long userId) {
        Role role = Members.requireGroupRole(jdbc, groupId, userId);
        if (!role.managesMembers()) {
            throw SocialProblems.forbidden("Only the owner and admins can do this");
        }
        return role;
    }

    static void requireOwner(WriteTx tx, long groupId, long userId) {
        if (Members.requireGroupRole(tx.jdbc(), groupId, userId) != Role.OWNER) {
            throw SocialProblems.forbidden("Only the owner can do this");
        }
    }

    static void setRole(WriteTx tx, long groupId, long userId, Role role) {
        tx.jdbc()
                .sql("UPDATE conversation_members SET role = ? WHERE conversation_id = ? AND user_id = ?")
                .params(role.wire(), groupId, userId)
                .update();
    }
}
