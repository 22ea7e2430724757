package org.tidings.chat;

/**
 * A file attached to a message, as every reader sees it: {@code type} is the type detected from
 * the content, {@code thumbnail} is null when the file has none.
 */
public record Attachment(long fileId, String name, long size, String type, Thumbnail thumbnail) {

    /** A small PNG preview of an image attachment. */
    public record Thumbnail(String url, int width, int height) {

        /** Thumbnails are served at one place per file. */
        public static Thumbnail ofFile(long fileId, int width, int height) {
            return new Thumbnail("/api/files/" + fileId + "/thumbnail", width, height);
        }
    }
}
