package org.tidings.upload;

/**
 * Names and types as clients send them, made safe to store and to show: a file's name is only
 * ever a label (the bytes are stored under a random id), but it travels in headers and exports.
 */
final class FileNames {

    private static final int MAX_NAME = 255;

    private FileNames() {}

    /** The last path segment, without control characters, at most 255 code points; "file" if empty. */
    static String clean(String name) {
        if (name == null) {
            return "file";
        }
        String base = name.substring(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
        StringBuilder clean = new StringBuilder();
        base.codePoints()
                .filter(c -> !Character.isISOControl(c) && Character.getType(c) != Character.FORMAT)
                .forEach(clean::appendCodePoint);
        String result = clean.toString().strip();
        if (result.isEmpty() || result.equals(".") || result.equals("..")) {
            return "file";
        }
        return result.codePointCount(0, result.length()) <= MAX_NAME
                ? result
                : result.substring(0, result.offsetByCodePoints(0, MAX_NAME));
    }

    /** A declared media type, kept only as a hint; the stored type is detected from the content. */
    static String cleanType(String type) {
        if (type == null || type.isBlank() || type.length() > 255) {
            return null;
        }
        return type.strip();
    }
}
