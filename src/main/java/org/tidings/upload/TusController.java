package org.tidings.upload;

import java.net.URI;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.util.UriComponentsBuilder;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import org.tidings.web.Problem;
import reactor.core.publisher.Mono;

/**
 * The tus 1.0 protocol at /api/uploads: core (HEAD, PATCH, OPTIONS) with creation,
 * creation-with-upload, creation-defer-length, termination, expiration and checksum. POST and
 * PATCH stream their bodies (see {@link Uploads#receive}); the rest are plain blocking handlers.
 */
@RestController
@RequestMapping("/api/uploads")
class TusController {

    // Upload-Metadata longer than this is refused: it is echoed on every HEAD.
    private static final int MAX_METADATA = 4096;

    private final Uploads uploads;
    private final UploadSettings settings;

    TusController(Uploads uploads, UploadSettings settings) {
        this.uploads = uploads;
        this.settings = settings;
    }

    @RequestMapping(
            method = RequestMethod.OPTIONS,
            path = {"", "/{id}"})
    ResponseEntity<Void> options() {
        return ResponseEntity.noContent()
                .header("Tus-Version", Tus.VERSION)
                .header("Tus-Extension", Tus.EXTENSIONS)
                .header("Tus-Max-Size", Long.toString(settings.maxSize().toBytes()))
                .header("Tus-Checksum-Algorithm", Tus.CHECKSUM_ALGORITHMS)
                .build();
    }

    @PostMapping
    Mono<ResponseEntity<Void>> create(@AuthenticationPrincipal AuthenticatedUser me, ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        Tus.requireVersion(headers);
        Long length = Tus.number(headers, "Upload-Length");
        boolean deferred = "1".equals(headers.getFirst("Upload-Defer-Length"));
        if ((length == null) != deferred) {
            throw ApiException.badRequest("invalid_header", "Send either Upload-Length or Upload-Defer-Length: 1");
        }
        boolean withBody =
                headers.getContentLength() > 0 || (headers.getContentLength() < 0 && headers.getContentType() != null);
        Tus.Checksum checksum = null;
        if (withBody) {
            Tus.requireOffsetStream(headers);
            checksum = Tus.checksum(headers);
        }
        Uploads.NewUpload request0 = newUpload(headers.getFirst("Upload-Metadata"), length);
        Uploads.Receive receive = Uploads.Receive.tus(0, null, checksum, contentLength(headers));
        return Blocking.call(() -> uploads.create(me, request0)).flatMap(upload -> {
            ResponseEntity.BodyBuilder created = ResponseEntity.created(location(request, upload.id()))
                    .header("Upload-Expires", Tus.httpDate(upload.expiresAt()));
            if (!withBody) {
                return Mono.just(created.header("Upload-Offset", "0").build());
            }
            return uploads.receive(me, upload.id(), receive, request.getBody())
                    .map(offset -> created.header("Upload-Offset", Long.toString(offset))
                            .build());
        });
    }

    @RequestMapping(method = RequestMethod.HEAD, path = "/{id}")
    ResponseEntity<Void> head(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable String id, ServerHttpRequest request) {
        Tus.requireVersion(request.getHeaders());
        Upload upload = uploads.head(me, id);
        ResponseEntity.BodyBuilder ok = ResponseEntity.ok()
                .header("Upload-Offset", Long.toString(upload.received()))
                .header("Cache-Control", "no-store");
        if (upload.length() == null) {
            ok.header("Upload-Defer-Length", "1");
        } else {
            ok.header("Upload-Length", Long.toString(upload.length()));
        }
        if (upload.metadata() != null) {
            ok.header("Upload-Metadata", upload.metadata());
        }
        if (upload.uploading()) {
            ok.header("Upload-Expires", Tus.httpDate(upload.expiresAt()));
        }
        return ok.build();
    }

    @PatchMapping("/{id}")
    Mono<ResponseEntity<Void>> patch(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable String id, ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        Tus.requireVersion(headers);
        Tus.requireOffsetStream(headers);
        Long offset = Tus.number(headers, "Upload-Offset");
        if (offset == null) {
            throw ApiException.badRequest("invalid_header", "Upload-Offset is required");
        }
        Uploads.Receive receive = Uploads.Receive.tus(
                offset, Tus.number(headers, "Upload-Length"), Tus.checksum(headers), contentLength(headers));
        return uploads.receive(me, id, receive, request.getBody())
                .map(newOffset -> ResponseEntity.noContent()
                        .header("Upload-Offset", Long.toString(newOffset))
                        .header(
                                "Upload-Expires",
                                Tus.httpDate(System.currentTimeMillis()
                                        + settings.expiry().toMillis()))
                        .build());
    }

    @DeleteMapping("/{id}")
    ResponseEntity<Void> terminate(
            @AuthenticationPrincipal AuthenticatedUser me, @PathVariable String id, ServerHttpRequest request) {
        Tus.requireVersion(request.getHeaders());
        uploads.terminate(me, id);
        return ResponseEntity.noContent().build();
    }

    /** 460 is tus's own status, outside HttpStatus: written here rather than by the shared handler. */
    @ExceptionHandler(ChecksumMismatch.class)
    ResponseEntity<Map<String, Object>> checksumMismatch(ChecksumMismatch e, ServerHttpRequest request) {
        Map<String, Object> body = Problem.body(HttpStatus.BAD_REQUEST, "checksum_mismatch", e.getMessage(), Map.of());
        body.put("title", "Checksum Mismatch");
        body.put("status", 460);
        body.put("instance", request.getPath().value());
        return ResponseEntity.status(460)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(body);
    }

    private static Uploads.NewUpload newUpload(String header, Long length) {
        if (header != null && header.length() > MAX_METADATA) {
            throw ApiException.badRequest("invalid_header", "Upload-Metadata is too long");
        }
        Map<String, String> metadata = Tus.metadata(header);
        long conversationId;
        try {
            conversationId =
                    Long.parseLong(metadata.getOrDefault("conversationId", "").strip());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(
                    "validation_failed", "Upload-Metadata must carry conversationId (the conversation's id)");
        }
        String name = metadata.getOrDefault("filename", metadata.get("name"));
        String type = metadata.getOrDefault("type", metadata.get("filetype"));
        return new Uploads.NewUpload(conversationId, FileNames.clean(name), FileNames.cleanType(type), header, length);
    }

    /** Where the upload lives, as the client reached us (through a trusted proxy, its address). */
    private static URI location(ServerHttpRequest request, String id) {
        return UriComponentsBuilder.fromUri(request.getURI())
                .replacePath(request.getPath().contextPath().value() + "/api/uploads/" + id)
                .replaceQuery(null)
                .build()
                .toUri();
    }

    private static Long contentLength(HttpHeaders headers) {
        long length = headers.getContentLength();
        return length < 0 ? null : length;
    }
}
