package org.tidings.upload;

import java.net.URI;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.codec.multipart.FilePartEvent;
import org.springframework.http.codec.multipart.PartEvent;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.tidings.account.AuthenticatedUser;
import org.tidings.storage.Blocking;
import org.tidings.web.ApiException;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * A plain multipart upload for clients without tus: the part named {@code file} streams to disk
 * through the same path as a tus upload (the same limits, {@code upload.progress} events and
 * attachment job); it just cannot resume.
 */
@RestController
class AttachmentController {

    /** The upload made for the request and the job that turns it into a message. */
    record Accepted(String uploadId, long jobId) {}

    private final Uploads uploads;
    private final UploadStore store;

    AttachmentController(Uploads uploads, UploadStore store) {
        this.uploads = uploads;
        this.store = store;
    }

    @PostMapping(
            path = "/api/conversations/{conversationId}/attachments",
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    Mono<ResponseEntity<Accepted>> upload(
            @AuthenticationPrincipal AuthenticatedUser me,
            @PathVariable long conversationId,
            ServerHttpRequest request,
            @RequestBody Flux<PartEvent> parts) {
        long requestLength = request.getHeaders().getContentLength();
        // The whole request's length stands in for the file's in progress events: close enough.
        Long estimate = requestLength < 0 ? null : requestLength;
        return parts.windowUntil(PartEvent::isLast)
                .concatMap(part -> part.switchOnFirst((first, events) -> {
                    if (first.get() instanceof FilePartEvent file && "file".equals(file.name())) {
                        return receive(me, conversationId, file, estimate, events);
                    }
                    return events.doOnNext(event -> DataBufferUtils.release(event.content()))
                            .then(Mono.<Upload>empty());
                }))
                .next()
                .switchIfEmpty(Mono.error(() ->
                        ApiException.badRequest("validation_failed", "Send the file as a multipart part named 'file'")))
                .map(upload -> ResponseEntity.accepted()
                        .location(URI.create("/api/jobs/" + upload.jobId()))
                        .body(new Accepted(upload.id(), upload.jobId())));
    }

    private Mono<Upload> receive(
            AuthenticatedUser me, long conversationId, FilePartEvent file, Long estimate, Flux<PartEvent> events) {
        MediaType declared = file.headers().getContentType();
        Uploads.NewUpload request = new Uploads.NewUpload(
                conversationId,
                FileNames.clean(file.filename()),
                declared == null ? null : FileNames.cleanType(declared.toString()),
                null,
                null);
        Uploads.Receive receive = new Uploads.Receive(0, null, null, null, true, estimate);
        return Blocking.call(() -> uploads.create(me, request))
                .flatMap(upload -> uploads.receive(me, upload.id(), receive, events.map(PartEvent::content))
                        .then(Blocking.call(() -> store.find(upload.id()).orElseThrow())));
    }
}
