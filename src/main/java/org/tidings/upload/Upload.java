package org.tidings.upload;

/** A row of the uploads table; {@code length} is null while deferred. Times in epoch ms. */
record Upload(
        String id,
        long ownerId,
        long conversationId,
        String filename,
        String declaredType,
        String metadata,
        Long length,
        long received,
        String state,
        String lockToken,
        Long lockUntil,
        Long jobId,
        long createdAt,
        long expiresAt) {

    static final String UPLOADING = "uploading";
    static final String PROCESSING = "processing";
    static final String COMPLETE = "complete";

    boolean uploading() {
        return UPLOADING.equals(state);
    }

    boolean expired(long now) {
        return uploading() && expiresAt < now;
    }

    boolean lockedAt(long now) {
        return lockToken != null && lockUntil != null && lockUntil >= now;
    }
}
