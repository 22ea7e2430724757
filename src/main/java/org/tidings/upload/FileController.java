package org.tidings.upload;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Set;
import org.springframework.core.io.FileSystemResource;
import org.springframework.core.io.Resource;
import org.springframework.http.ContentDisposition;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.social.Conversations;
import org.tidings.web.ApiException;

/**
 * Serves attachments to the members of their conversation (404 to anyone else). Always as a
 * download, with nosniff, and only passive types under their own name: anything a browser might
 * run (HTML, SVG, XML, scripts) goes out as application/octet-stream. Range requests (206) are
 * answered by Spring's resource writer, straight from the file.
 */
@RestController
@RequestMapping("/api/files/{id}")
class FileController {

    // Types a browser only displays: never markup, never script.
    private static final Set<String> PASSIVE = Set.of(
            "image/png",
            "image/jpeg",
            "image/gif",
            "image/webp",
            "image/bmp",
            "image/avif",
            "application/pdf",
            "text/plain",
            "application/zip");

    private final FileStore files;
    private final UploadSettings settings;
    private final Conversations conversations;

    FileController(FileStore files, UploadSettings settings, Conversations conversations) {
        this.files = files;
        this.settings = settings;
        this.conversations = conversations;
    }

    @GetMapping
    ResponseEntity<Resource> content(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        StoredFile file = readable(me, id);
        return serve(settings.file(file.storageKey()), safeType(file.mediaType()), file.name());
    }

    @GetMapping("/thumbnail")
    ResponseEntity<Resource> thumbnail(@AuthenticationPrincipal AuthenticatedUser me, @PathVariable long id) {
        StoredFile file = readable(me, id);
        if (file.thumbWidth() == null) {
            throw ApiException.notFound("Thumbnail");
        }
        return serve(settings.thumbnail(file.storageKey()), MediaType.IMAGE_PNG, "thumbnail-" + file.name() + ".png");
    }

    private StoredFile readable(AuthenticatedUser me, long id) {
        StoredFile file = files.find(id).orElseThrow(() -> ApiException.notFound("File"));
        conversations.requireMember(file.conversationId(), me.id());
        return file;
    }

    private static ResponseEntity<Resource> serve(Path path, MediaType type, String name) {
        return ResponseEntity.ok()
                .contentType(type)
                .header(
                        "Content-Disposition",
                        ContentDisposition.attachment()
                                .filename(name, StandardCharsets.UTF_8)
                                .build()
                                .toString())
                .header("X-Content-Type-Options", "nosniff")
                // Files never change, but membership can end: private caches only.
                .header("Cache-Control", "private, max-age=86400")
                .body(new FileSystemResource(path));
    }

    static MediaType safeType(String detected) {
        try {
            MediaType type = MediaType.parseMediaType(detected);
            String bare = type.getType() + "/" + type.getSubtype();
            if (PASSIVE.contains(bare) || "audio".equals(type.getType()) || "video".equals(type.getType())) {
                return new MediaType(type.getType(), type.getSubtype());
            }
        } catch (RuntimeException e) {
            // An unparseable stored type is served like any unknown one.
        }
        return MediaType.APPLICATION_OCTET_STREAM;
    }
}
