package org.tidings.stream;

/**
 * One event as it goes on the wire: its JSON, serialised once and shared by every recipient.
 * Ephemeral events (typing, presence, progress) have position 0 and no id.
 */
record Frame(long position, byte[] json) {

    static final long EPHEMERAL = 0;

    boolean persisted() {
        return position != EPHEMERAL;
    }
}
