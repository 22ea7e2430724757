package org.tidings.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Component;
import org.tidings.account.AuthenticatedUser;
import org.tidings.chat.Attachment;
import org.tidings.chat.Message;
import org.tidings.chat.MessageStore;
import org.tidings.job.JobContext;
import org.tidings.job.JobType;
import org.tidings.social.Conversations;
import org.tidings.upload.FileStore;
import org.tidings.web.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/jobs {"type": "export", "conversationId", "format": "json" | "html"}}: a zip
 * of a conversation's whole history with its attachments. Progress counts messages written plus
 * attachments copied. The caller must be a member when asking and still be one when it runs.
 */
@Component
class ExportJob implements JobType {

    private static final Set<String> FORMATS = Set.of("json", "html");
    // Messages read per query: bounded memory whatever the history's length.
    private static final int PAGE = 500;

    private final Conversations conversations;
    private final MessageStore messages;
    private final FileStore files;
    private final JsonMapper json;

    ExportJob(Conversations conversations, MessageStore messages, FileStore files, JsonMapper json) {
        this.conversations = conversations;
        this.messages = messages;
        this.files = files;
        this.json = json;
    }

    @Override
    public String name() {
        return "export";
    }

    @Override
    public Object accept(AuthenticatedUser user, JsonNode request) {
        JsonNode conversation = request.path("conversationId");
        if (!conversation.canConvertToLong() || !conversation.isNumber()) {
            throw ApiException.badRequest("validation_failed", "conversationId must be a conversation's id");
        }
        String format = request.path("format").asString("");
        if (!FORMATS.contains(format)) {
            throw ApiException.badRequest("validation_failed", "format must be json or html");
        }
        conversations.requireMember(conversation.asLong(), user.id());
        return Map.of("conversationId", conversation.asLong(), "format", format);
    }

    @Override
    public Finish run(JobContext job) throws IOException {
        long conversationId = job.params().path("conversationId").asLong();
        ExportFormat format = ExportFormat.of(job.params().path("format").asString(), json);
        conversations.requireMember(conversationId, job.ownerId());
        MessageStore.Counts counts = messages.count(conversationId);
        long total = counts.messages() + counts.attachments();
        Path target = job.resultFile();
        long written;
        List<Attachment> attachments = new ArrayList<>();
        try (OutputStream file = Files.newOutputStream(target);
                ZipOutputStream zip = new ZipOutputStream(file)) {
            written = writeHistory(job, zip, format, conversationId, total, attachments);
            for (Attachment attachment : attachments) {
                copyAttachment(zip, attachment);
                job.progress(++written, total, "attachments");
            }
        }
        long size = Files.size(target);
        long messageCount = counts.messages();
        return tx -> Map.of(
                "download",
                Map.of(
                        "fileName",
                        "conversation-" + conversationId + "-export.zip",
                        "mediaType",
                        "application/zip",
                        "size",
                        size),
                "messages",
                messageCount,
                "attachments",
                attachments.size());
    }

    private long writeHistory(
            JobContext job,
            ZipOutputStream zip,
            ExportFormat format,
            long conversationId,
            long total,
            List<Attachment> attachments)
            throws IOException {
        zip.putNextEntry(new ZipEntry(format.entryName()));
        Writer out = ExportFormat.writer(zip);
        format.begin(out, conversationId);
        long done = 0;
        long afterSeq = 0;
        List<Message> page;
        do {
            page = messages.pageAfter(conversationId, afterSeq, PAGE);
            for (Message message : page) {
                format.message(out, message, done == 0);
                if (message.attachment() != null) {
                    attachments.add(message.attachment());
                }
                afterSeq = message.seq();
                job.progress(++done, total, "messages");
            }
        } while (page.size() == PAGE);
        format.end(out);
        out.flush();
        zip.closeEntry();
        return done;
    }

    private void copyAttachment(ZipOutputStream zip, Attachment attachment) throws IOException {
        Path content =
                files.contentOf(attachment.fileId()).filter(Files::exists).orElse(null);
        if (content == null) {
            return;
        }
        zip.putNextEntry(new ZipEntry(ExportFormat.attachmentPath(attachment)));
        Files.copy(content, zip);
        zip.closeEntry();
    }
}
