package org.tidings.bench;

/** One open stream of one user. */
interface StreamConnection extends AutoCloseable {

    /** HTTP requests made so far (polls: one per poll; streams: the opening request). */
    long requests();

    /** True once the server ended the stream or the connection broke. */
    boolean broken();

    @Override
    void close();
}
