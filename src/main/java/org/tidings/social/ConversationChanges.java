package org.tidings.social;

import java.time.Instant;
import java.util.List;
import org.tidings.stream.WriteTx;

/**
 * Changes to who is in a conversation, each with its event. The order against the stream is
 * the point of this class: a joiner is subscribed before the event that announces them, so they
 * receive it; a leaver is unsubscribed after the event that announces their leaving, so they
 * receive that too and nothing after it.
 */
final class ConversationChanges {

    private ConversationChanges() {}

    record Seat(long userId, Role role) {}

    /** Creates a conversation with its members and announces it to them; returns its id. */
    static long open(WriteTx tx, String kind, String name, String description, String directKey, List<Seat> seats) {
        long id = tx.jdbc()
                .sql("""
                        INSERT INTO conversations (kind, name, description, direct_key, last_activity_at, created_at)
                        VALUES (?, ?, ?, ?, ?, ?) RETURNING id""")
                .params(kind, name, description, directKey, tx.now(), tx.now())
                .query(Long.class)
                .single();
        for (Seat seat : seats) {
            insertMember(tx, id, seat.userId(), seat.role());
            tx.subscribe(seat.userId(), id);
        }
        tx.emitToConversation(
                id,
                SocialEvents.CONVERSATION_CREATED,
                new SocialEvents.ConversationCreated(
                        id,
                        kind,
                        name,
                        description,
                        Instant.ofEpochMilli(tx.now()),
                        ConversationViews.members(tx.jdbc(), id)));
        return id;
    }

    /** Adds a plain member to a group and announces them to everyone, themselves included. */
    static MemberView add(WriteTx tx, long conversationId, long userId, long addedBy) {
        insertMember(tx, conversationId, userId, Role.MEMBER);
        tx.subscribe(userId, conversationId);
        MemberView member = Members.view(tx.jdbc(), conversationId, userId);
        GroupText text = GroupText.of(tx.jdbc(), conversationId);
        tx.emitToConversation(
                conversationId,
                SocialEvents.MEMBER_ADDED,
                new SocialEvents.MemberAdded(
                        conversationId,
                        member,
                        addedBy,
                        Members.count(tx.jdbc(), conversationId),
                        text.name(),
                        text.description()));
        return member;
    }

    /** Removes a member; reason is "removed", "left" or "banned". */
    static void remove(WriteTx tx, long conversationId, long userId, long removedBy, String reason) {
        tx.jdbc()
                .sql("DELETE FROM conversation_members WHERE conversation_id = ? AND user_id = ?")
                .params(conversationId, userId)
                .update();
        tx.emitToConversation(
                conversationId,
                SocialEvents.MEMBER_REMOVED,
                new SocialEvents.MemberRemoved(
                        conversationId, userId, removedBy, reason, Members.count(tx.jdbc(), conversationId)));
        tx.unsubscribe(userId, conversationId);
    }

    /** Deletes a group: everyone hears it, then no one is a member any more. */
    static void delete(WriteTx tx, long conversationId, long deletedBy) {
        List<Long> members = Members.ids(tx.jdbc(), conversationId);
        tx.emitToConversation(
                conversationId, SocialEvents.GROUP_DELETED, new SocialEvents.GroupDeleted(conversationId, deletedBy));
        members.forEach(member -> tx.unsubscribe(member, conversationId));
        tx.jdbc()
                .sql("DELETE FROM conversation_members WHERE conversation_id = ?")
                .param(conversationId)
                .update();
        tx.jdbc()
                .sql("UPDATE conversations SET deleted_at = ? WHERE id = ?")
                .params(tx.now(), conversationId)
                .update();
    }

    /** Announces a change of name, description or roles, with the current name and description. */
    static void updated(WriteTx tx, long conversationId, long updatedBy, List<SocialEvents.RoleChange> roles) {
        GroupText text = GroupText.of(tx.jdbc(), conversationId);
        tx.emitToConversation(
                conversationId,
                SocialEvents.CONVERSATION_UPDATED,
                new SocialEvents.ConversationUpdated(
                        conversationId,
                        text.name(),
                        text.description(),
                        Visibility.of(tx.jdbc(), conversationId).wire(),
                        roles,
                        updatedBy));
    }

    /** A new member starts with nothing unread: what was said before they came is not news to them. */
    private static void insertMember(WriteTx tx, long conversationId, long userId, Role role) {
        tx.jdbc().sql("""
                        INSERT INTO conversation_members (conversation_id, user_id, role, read_seq, joined_at)
                        SELECT id, ?, ?, last_seq, ? FROM conversations WHERE id = ?""").params(userId, role.wire(), tx.now(), conversationId).update();
    }
}
