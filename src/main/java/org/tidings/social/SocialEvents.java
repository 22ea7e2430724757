package org.tidings.social;

import java.time.Instant;
import java.util.List;

/**
 * The events this feature writes to the stream, and their data: ids plus what a client needs to
 * update its view without a refetch. docs/api.md describes each one.
 */
final class SocialEvents {

    private SocialEvents() {}

    // Friend and block events go to the people concerned, each on their own stream; block
    // events only to the blocker, the blocked person is not told.
    static final String FRIEND_REQUESTED = "friend.requested"; // data: FriendRequestView
    static final String FRIEND_REQUEST_CLOSED = "friend.request.closed";
    static final String FRIEND_ADDED = "friend.added";
    static final String FRIEND_REMOVED = "friend.removed";
    static final String BLOCK_ADDED = "block.added"; // data: BlockView
    static final String BLOCK_REMOVED = "block.removed";

    // Conversation events go to the conversation: everyone subscribed to it at that moment.
    static final String CONVERSATION_CREATED = "conversation.created";
    static final String CONVERSATION_UPDATED = "conversation.updated";
    static final String MEMBER_ADDED = "member.added";
    static final String MEMBER_REMOVED = "member.removed";
    static final String GROUP_DELETED = "group.deleted";

    /** Why a pending request went away: accepted, declined, cancelled or blocked. */
    record RequestClosed(long requestId, String reason) {}

    /** Per person: the new friend, and the direct conversation as that person lists it. */
    record FriendAdded(FriendView friend, ConversationSummary conversation) {}

    record FriendRemoved(long userId, long conversationId) {}

    record BlockRemoved(long userId) {}

    /** The same for every member, so no per-person title: a direct one is titled by the other member. */
    record ConversationCreated(
            long id, String kind, String name, String description, Instant createdAt, List<MemberView> members) {}

    /** Name, description and visibility always hold the current values; roles lists only what changed. */
    record ConversationUpdated(
            long conversationId,
            String name,
            String description,
            String visibility,
            List<RoleChange> roles,
            long updatedBy) {}

    record RoleChange(long userId, String role) {}

    /** Carries the group's name, so the new member can list it at once. */
    record MemberAdded(
            long conversationId, MemberView member, long addedBy, int memberCount, String name, String description) {}

    /** reason: removed, left or banned. */
    record MemberRemoved(long conversationId, long userId, long removedBy, String reason, int memberCount) {}

    record GroupDeleted(long conversationId, long deletedBy) {}
}
