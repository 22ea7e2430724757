package org.tidings.upload;

/** tus 460: the chunk's bytes do not match its Upload-Checksum; they were discarded. */
final class ChecksumMismatch extends RuntimeException {

    ChecksumMismatch(String algorithm) {
        super(
                "The body's " + algorithm + " does not match Upload-Checksum; the bytes were discarded",
                null,
                false,
                false);
    }
}
