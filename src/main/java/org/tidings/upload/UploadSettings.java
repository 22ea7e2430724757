package org.tidings.upload;

import java.nio.file.Path;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

@ConfigurationProperties("tidings.uploads")
record UploadSettings(
        // Where upload bytes live; application.yml places it under the data dir.
        @DefaultValue("./data/uploads") Path dir,
        // Largest file: 413 above it, announced as Tus-Max-Size.
        @DefaultValue("100MB") DataSize maxSize,
        // Bytes one user may keep in files and unfinished uploads together.
        @DefaultValue("2GB") DataSize userQuota,
        // An unfinished upload untouched this long is expired (410, then swept); each PATCH
        // extends it. A day lets a laptop resume after a night's sleep.
        @DefaultValue("24h") Duration expiry,
        // How often expired uploads are deleted.
        @DefaultValue("10m") Duration sweepInterval,
        // A PATCH that receives no byte for this long is ended, saving what it got, so a dead
        // connection does not hold the upload's lock. Its lock lapses after twice this long.
        @DefaultValue("20s") Duration stallTimeout,
        // The offset is saved (after an fsync) at least this often and every commitBytes while
        // bytes flow: what HEAD on another node sees, and what a crash keeps at least. Each save
        // costs two fsyncs (the file, then the database); at one per MiB they were a third of
        // a PATCH's time, so a PATCH of a few MiB now forces once, at its end, and a long one
        // still saves every second.
        @DefaultValue("1s") Duration commitInterval,
        @DefaultValue("64MB") DataSize commitBytes,
        // upload.progress events per upload at most this often.
        @DefaultValue("250ms") Duration progressInterval,
        // Images above this many pixels get no thumbnail: decoding them could take gigabytes
        // (decompression bombs). 50 megapixels covers the largest phone cameras.
        @DefaultValue("50000000") long maxThumbnailPixels,
        // Thumbnails fit in a square this many pixels wide.
        @DefaultValue("320") int thumbnailSize) {

    Path incoming(String uploadId) {
        return dir.resolve("incoming").resolve(uploadId);
    }

    Path file(String storageKey) {
        return dir.resolve("files").resolve(storageKey);
    }

    Path thumbnail(String storageKey) {
        return dir.resolve("files").resolve(storageKey + ".thumb.png");
    }

    /** The lease of an upload's write lock: a live writer renews it long before it lapses. */
    Duration lockLease() {
        return stallTimeout.multipliedBy(2).plus(commitInterval);
    }
}
