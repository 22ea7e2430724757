package org.tidings.search;

import java.util.ArrayList;
import java.util.List;

/**
 * A window of the message around its first match, as plain text with the matched ranges beside
 * it (UTF-16 offsets, end exclusive, as JavaScript strings count). No markup is ever mixed into
 * the text, so a client that renders with textContent cannot be made to inject HTML.
 */
record Snippet(String text, List<Range> highlights) {

    record Range(int start, int end) {}

    private static final int BEFORE = 40;
    private static final int LENGTH = 160;
    private static final String ELLIPSIS = "…";

    static Snippet of(String body, List<String> terms) {
        int first = body.length();
        for (String term : terms) {
            int at = indexOf(body, term, 0);
            if (at >= 0) {
                first = Math.min(first, at);
            }
        }
        int start = first == body.length() ? 0 : Math.max(0, first - BEFORE);
        int end = Math.min(body.length(), start + LENGTH);
        start = whole(body, start);
        end = whole(body, end);
        String prefix = start > 0 ? ELLIPSIS : "";
        String text = prefix + body.substring(start, end) + (end < body.length() ? ELLIPSIS : "");
        List<Range> ranges = new ArrayList<>();
        for (String term : terms) {
            for (int at = indexOf(body, term, start); at >= 0 && at + term.length() <= end; ) {
                ranges.add(new Range(at - start + prefix.length(), at - start + prefix.length() + term.length()));
                at = indexOf(body, term, at + term.length());
            }
        }
        return new Snippet(text, merged(ranges));
    }

    /** Case-insensitive, char by char, so offsets stay those of the original text. */
    private static int indexOf(String body, String term, int from) {
        for (int i = from; i + term.length() <= body.length(); i++) {
            if (body.regionMatches(true, i, term, 0, term.length())) {
                return i;
            }
        }
        return -1;
    }

    // Never cut a surrogate pair in half (an emoji would turn into a replacement character).
    private static int whole(String body, int index) {
        return index > 0 && index < body.length() && Character.isLowSurrogate(body.charAt(index)) ? index - 1 : index;
    }

    private static List<Range> merged(List<Range> ranges) {
        List<Range> sorted = new ArrayList<>(ranges);
        sorted.sort((a, b) -> Integer.compare(a.start(), b.start()));
        List<Range> merged = new ArrayList<>();
        for (Range r : sorted) {
            if (!merged.isEmpty() && r.start() <= merged.getLast().end()) {
                Range last = merged.removeLast();
                merged.add(new Range(last.start(), Math.max(last.end(), r.end())));
            } else {
                merged.add(r);
            }
        }
        return merged;
    }
}
