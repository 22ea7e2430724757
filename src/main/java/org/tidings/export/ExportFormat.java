package org.tidings.export;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.format.DateTimeFormatter;
import org.springframework.web.util.HtmlUtils;
import org.springframework.web.util.UriUtils;
import org.tidings.chat.Attachment;
import org.tidings.chat.Message;
import tools.jackson.databind.json.JsonMapper;

/**
 * How a history is written into the export: a JSON array of messages exactly as the API shows
 * them, or a self-contained HTML page. In HTML every piece of user text is escaped: a message
 * that says {@code <script>} is shown, never run, when someone opens the export.
 */
abstract sealed class ExportFormat {

    static ExportFormat of(String name, JsonMapper json) {
        return switch (name) {
            case "json" -> new Json(json);
            case "html" -> new Html();
            default -> throw new IllegalArgumentException(name);
        };
    }

    abstract String entryName();

    abstract void begin(Writer out, long conversationId) throws IOException;

    abstract void message(Writer out, Message message, boolean first) throws IOException;

    abstract void end(Writer out) throws IOException;

    /** Where an attachment sits in the zip; the name is the one shown in the chat, made path-safe. */
    static String attachmentPath(Attachment attachment) {
        return "attachments/" + attachment.fileId() + "/" + attachment.name().replaceAll("[/\\\\]", "_");
    }

    static Writer writer(OutputStream out) {
        return new OutputStreamWriter(out, StandardCharsets.UTF_8);
    }

    private static final class Json extends ExportFormat {
        private final JsonMapper json;

        Json(JsonMapper json) {
            this.json = json;
        }

        @Override
        String entryName() {
            return "messages.json";
        }

        @Override
        void begin(Writer out, long conversationId) throws IOException {
            out.write("[\n");
        }

        @Override
        void message(Writer out, Message message, boolean first) throws IOException {
            out.write(first ? "" : ",\n");
            out.write(json.writeValueAsString(message));
        }

        @Override
        void end(Writer out) throws IOException {
            out.write("\n]\n");
        }
    }

    private static final class Html extends ExportFormat {
        @Override
        String entryName() {
            return "messages.html";
        }

        @Override
        void begin(Writer out, long conversationId) throws IOException {
            out.write("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">"
                    + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src 'self'\">"
                    + "<title>Conversation " + conversationId + "</title></head><body>\n"
                    + "<h1>Conversation " + conversationId + "</h1>\n");
        }

        @Override
        void message(Writer out, Message message, boolean first) throws IOException {
            out.write("<div class=\"message\"><p><b>" + escape(message.sender().displayName()) + "</b> ("
                    + escape(message.sender().username()) + ") <time>"
                    + DateTimeFormatter.ISO_INSTANT.format(message.sentAt()) + "</time></p>\n");
            Attachment attachment = message.attachment();
            if (attachment == null) {
                out.write("<p>" + escape(message.body()).replace("\n", "<br>") + "</p>");
            } else {
                String href = UriUtils.encodePath(attachmentPath(attachment), StandardCharsets.UTF_8);
                out.write("<p>Attachment: <a href=\"" + escape(href) + "\">" + escape(attachment.name()) + "</a> ("
                        + attachment.size() + " bytes)</p>");
            }
            out.write("</div>\n");
        }

        @Override
        void end(Writer out) throws IOException {
            out.write("</body></html>\n");
        }

        private static String escape(String text) {
            return HtmlUtils.htmlEscape(text, StandardCharsets.UTF_8.name());
        }
    }
}
