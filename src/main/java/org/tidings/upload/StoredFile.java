package org.tidings.upload;

/** A row of the files table: a finished attachment. {@code thumbWidth} is null without thumbnail. */
record StoredFile(
        long id,
        long ownerId,
        long conversationId,
        String name,
        long size,
        String mediaType,
        String sha256,
        String storageKey,
        Integer thumbWidth,
        Integer thumbHeight,
        long createdAt) {}
