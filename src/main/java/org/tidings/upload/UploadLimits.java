package org.tidings.upload;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.tidings.web.ApiException;

/**
 * The size limit and the per-user quota. An unfinished upload counts at its declared length, or
 * at what it received while its length is deferred; checked at creation, when a deferred length
 * is declared, and as the bound a request's bytes may not pass while they stream in.
 */
@Component
class UploadLimits {

    private final UploadStore store;
    private final UploadSettings settings;

    UploadLimits(UploadStore store, UploadSettings settings) {
        this.store = store;
        this.settings = settings;
    }

    /** Before a new upload of {@code length} bytes (null: deferred) is stored, in its write. */
    void checkNew(JdbcClient tx, long ownerId, Long length) {
        if (length != null && length > settings.maxSize().toBytes()) {
            throw tooLarge();
        }
        if (store.usage(tx, ownerId) + (length == null ? 0 : length)
                > settings.userQuota().toBytes()) {
            throw quotaExceeded();
        }
    }

    /** The upload's length after this request declares {@code declared} (null: none). */
    Long declaredLength(Upload upload, Long declared) {
        if (declared == null) {
            return upload.length();
        }
        if (upload.length() != null && !upload.length().equals(declared)) {
            throw ApiException.badRequest("invalid_header", "Upload-Length cannot change once set");
        }
        if (declared < upload.received()) {
            throw ApiException.badRequest("invalid_header", "Upload-Length is below the bytes already received");
        }
        if (declared > settings.maxSize().toBytes()) {
            throw tooLarge();
        }
        // Until now the upload counted at what it had received; from now on at its full length.
        if (upload.length() == null
                && store.usage(upload.ownerId()) - upload.received() + declared
                        > settings.userQuota().toBytes()) {
            throw quotaExceeded();
        }
        return declared;
    }

    /** How far a request may write: the length if known, else the size limit and the quota. */
    long bound(Upload upload, Long length) {
        if (length != null) {
            return length;
        }
        long quotaLeft = settings.userQuota().toBytes() - store.usage(upload.ownerId()) + upload.received();
        return Math.min(settings.maxSize().toBytes(), quotaLeft);
    }

    static ApiException tooLarge() {
        return new ApiException(HttpStatus.CONTENT_TOO_LARGE, "upload_too_large", "The file is larger than allowed");
    }

    private static ApiException quotaExceeded() {
        return new ApiException(
                HttpStatus.CONTENT_TOO_LARGE, "quota_exceeded", "Your files and uploads would pass your storage quota");
    }
}
