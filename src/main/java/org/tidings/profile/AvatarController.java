package org.tidings.profile;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import org.tidings.web.BodyRefusal;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Avatars: one request with the picture as its body, not a tus upload. An avatar is small, and
 * the caller needs its verdict (not an image, too large) in the answer, which the asynchronous
 * attachment job cannot give; resuming a few hundred kilobytes is not worth the protocol.
 */
@RestController
class AvatarController {

    static final int MAX_BYTES = 5 * 1024 * 1024;

    private final Profiles profiles;
    private final AvatarImages images;
    private final Avatars avatars;

    AvatarController(Profiles profiles, AvatarImages images, Avatars avatars) {
        this.profiles = profiles;
        this.images = images;
        this.avatars = avatars;
    }

    @PutMapping("/api/me/avatar")
    Mono<Map<String, Long>> put(
            @AuthenticationPrincipal AuthenticatedUser me,
            @RequestHeader(name = "Content-Length", required = false) Long length,
            @RequestBody Flux<DataBuffer> body) {
        if (length != null && length > MAX_BYTES) {
            return BodyRefusal.refuse(body, tooLarge());
        }
        return DataBufferUtils.join(BodyRefusal.limit(body, MAX_BYTES, AvatarController::tooLarge), MAX_BYTES)
                .onErrorMap(DataBufferLimitException.class, e -> tooLarge())
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .switchIfEmpty(
                        Mono.error(() -> ApiException.badRequest("avatar_empty", "Send the picture as the body")))
                .publishOn(Blocking.scheduler())
                .map(bytes -> Map.of("avatarVersion", avatars.store(me.id(), images.render(bytes))));
    }

    @DeleteMapping("/api/me/avatar")
    Mono<ResponseEntity<Void>> delete(@AuthenticationPrincipal AuthenticatedUser me) {
        return Blocking.call(() -> {
            avatars.remove(me.id());
            return ResponseEntity.noContent().build();
        });
    }

    @GetMapping("/api/users/{id}/avatar")
    Mono<ResponseEntity<byte[]>> get(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long id,
            @RequestParam(defaultValue = "128") int size,
            @RequestHeader(name = "If-None-Match", required = false) String ifNoneMatch) {
        if (!AvatarImages.SIZES.contains(size)) {
            return Mono.error(ApiException.badRequest("avatar_size", "size must be 64 or 128"));
        }
        return Blocking.call(() -> {
            if (!profiles.visibleTo(id, me.id())) {
                throw ApiException.notFound("Avatar");
            }
            long version = profiles.avatarVersion(id);
            Path file = avatars.file(id, version, size);
            if (version == 0 || !Files.exists(file)) {
                throw ApiException.notFound("Avatar");
            }
            String etag = "\"" + version + "-" + size + "\"";
            // Private (only contacts may see it) and revalidated: the version in the ETag makes
            // that a 304 until the avatar changes; clients that add ?v= get a fresh URL anyway.
            var ok = ResponseEntity.status(etag.equals(ifNoneMatch) ? HttpStatus.NOT_MODIFIED : HttpStatus.OK)
                    .eTag(etag)
                    .cacheControl(CacheControl.noCache().cachePrivate());
            return etag.equals(ifNoneMatch)
                    ? ok.<byte[]>build()
                    : ok.contentType(MediaType.IMAGE_PNG).body(Files.readAllBytes(file));
        });
    }

    private static ApiException tooLarge() {
        return new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "avatar_too_large", "The avatar may be at most 5 MB");
    }
}
