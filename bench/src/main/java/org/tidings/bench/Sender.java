package org.tidings.bench;

/** Sends chat messages as one user: to the big group, or to the user's partner in a pair. */
interface Sender extends AutoCloseable {

    void sendToGroup(String body);

    void sendToPartner(String body);

    /** Sends refused or failed so far (acks with an error, non-2xx answers, I/O errors). */
    long failures();

    @Override
    void close();
}
