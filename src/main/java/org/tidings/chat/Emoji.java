package org.tidings.chat;

import java.text.BreakIterator;
import org.tidings.web.ApiException;

/**
 * Whether a string is exactly one emoji: one grapheme cluster (so a flag, a keycap, a skin tone
 * or a ZWJ family counts once) made only of emoji code points and the joiners and selectors
 * that build sequences, with at least one that shows as an emoji on its own. A bare digit, "#"
 * or "*" is an Emoji code point in Unicode but reads as text, so it needs its keycap.
 */
final class Emoji {

    // The longest RGI sequences (families with skin tones) are about 35 UTF-16 units; this
    // leaves room for newer ones and fits the column.
    static final int MAX_CHARS = 64;

    private static final int ZWJ = 0x200D;
    private static final int VARIATION_SELECTOR_16 = 0xFE0F;
    private static final int KEYCAP = 0x20E3;

    private Emoji() {}

    static String require(String emoji) {
        if (!isSingle(emoji)) {
            throw ApiException.badRequest("invalid_emoji", "A reaction must be a single emoji");
        }
        return emoji;
    }

    static boolean isSingle(String s) {
        if (s == null || s.isEmpty() || s.length() > MAX_CHARS) {
            return false;
        }
        BreakIterator graphemes = BreakIterator.getCharacterInstance();
        graphemes.setText(s);
        if (graphemes.next() != s.length()) {
            return false;
        }
        boolean pictographic = false;
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            boolean tag = cp >= 0xE0020 && cp <= 0xE007F;
            if (!(Character.isEmoji(cp)
                    || Character.isEmojiComponent(cp)
                    || cp == ZWJ
                    || cp == VARIATION_SELECTOR_16
                    || cp == KEYCAP
                    || tag)) {
                return false;
            }
            pictographic |= Character.isExtendedPictographic(cp)
                    || Character.isEmojiPresentation(cp)
                    || cp == KEYCAP
                    || cp == VARIATION_SELECTOR_16;
        }
        return pictographic;
    }
}
