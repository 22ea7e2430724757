package org.tidings.stream;

/** A persisted event after its commit, with the users it must reach right now. */
record CommittedEvent(Frame frame, long[] recipients) {}
