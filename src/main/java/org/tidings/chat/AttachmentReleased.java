package org.tidings.chat;

/**
 * Published after the commit that deleted the last message referring to a file: its bytes,
 * thumbnail and record may go. Whoever stores files listens.
 */
public record AttachmentReleased(long fileId) {}
