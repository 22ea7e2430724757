package org.tidings.upload;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.tika.Tika;
import org.springframework.stereotype.Component;
import org.tidings.chat.Attachment;
import org.tidings.chat.Message;
import org.tidings.chat.Messages;
import org.tidings.job.JobContext;
import org.tidings.job.JobType;
import org.tidings.web.ApiException;
import tools.jackson.databind.JsonNode;

/**
 * Turns a finished upload into an attachment message: SHA-256, the type from the content (Tika),
 * a thumbnail for images, then, in the job's final write, the file record, the message and the
 * upload's new state together. Safe to run again after a crash: the move is skipped when done,
 * and the message's client id is derived from the upload, so it is sent once.
 */
@Component
class AttachmentJob implements JobType {

    static final String TYPE = "attachment";
    // Progress is reported per this many bytes hashed: fine enough for a bar, cheap enough to ignore.
    private static final int READ_CHUNK = 1 << 20;

    private final UploadStore uploads;
    private final FileStore files;
    private final UploadSettings settings;
    private final Thumbnails thumbnails;
    private final Messages messages;
    private final Tika tika = new Tika();

    AttachmentJob(
            UploadStore uploads, FileStore files, UploadSettings settings, Thumbnails thumbnails, Messages messages) {
        this.uploads = uploads;
        this.files = files;
        this.settings = settings;
        this.thumbnails = thumbnails;
        this.messages = messages;
    }

    @Override
    public String name() {
        return TYPE;
    }

    @Override
    public Finish run(JobContext job) throws IOException {
        String uploadId = job.params().path("uploadId").asString();
        Upload upload = uploads.find(uploadId).orElseThrow(() -> ApiException.notFound("Upload"));
        Path stored = settings.file(uploadId);
        Path incoming = settings.incoming(uploadId);
        if (Files.exists(incoming)) {
            Files.createDirectories(stored.getParent());
            Files.move(incoming, stored, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        long size = Files.size(stored);
        String sha256 = sha256(stored, size, job);
        job.progress(size, size, "detecting type");
        String type = detect(stored, upload.filename());
        job.progress(size, size, "thumbnail");
        Optional<Thumbnails.Size> thumb = thumbnails.make(stored, type, settings.thumbnail(uploadId));
        job.progress(size, size, "sending");
        return tx -> {
            long fileId = files.insert(
                    tx.jdbc(),
                    new StoredFile(
                            0,
                            upload.ownerId(),
                            upload.conversationId(),
                            upload.filename(),
                            size,
                            type,
                            sha256,
                            uploadId,
                            thumb.map(Thumbnails.Size::width).orElse(null),
                            thumb.map(Thumbnails.Size::height).orElse(null),
                            tx.now()));
            Attachment attachment = new Attachment(
                    fileId,
                    upload.filename(),
                    size,
                    type,
                    thumb.map(t -> Attachment.Thumbnail.ofFile(fileId, t.width(), t.height()))
                            .orElse(null));
            UUID clientMsgId = UUID.nameUUIDFromBytes(("upload:" + uploadId).getBytes(StandardCharsets.UTF_8));
            Message message =
                    messages.sendAttachment(tx, upload.ownerId(), upload.conversationId(), attachment, clientMsgId);
            uploads.markComplete(tx.jdbc(), uploadId);
            return Map.of("uploadId", uploadId, "fileId", fileId, "messageId", message.id(), "attachment", attachment);
        };
    }

    /** The job failed or was cancelled: the upload and its bytes go, so they stop counting against the quota. */
    @Override
    public void cleanUp(JsonNode params) {
        String uploadId = params.path("uploadId").asString();
        Uploads.delete(settings.incoming(uploadId));
        Uploads.delete(settings.file(uploadId));
        Uploads.delete(settings.thumbnail(uploadId));
        uploads.delete(uploadId);
    }

    private static String sha256(Path file, long size, JobContext job) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        byte[] buffer = new byte[READ_CHUNK];
        long done = 0;
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
                done += n;
                job.progress(done, size, "checksum");
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** From the content's magic bytes; the name only breaks ties among text formats. */
    private String detect(Path file, String name) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return tika.detect(in, name);
        }
    }
}
