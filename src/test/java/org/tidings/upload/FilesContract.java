package org.tidings.upload;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32;
import java.util.zip.DeflaterOutputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.StreamClient;
import org.tidings.testing.StreamClient.Transport;
import tools.jackson.databind.JsonNode;

/** What a finished upload becomes: its detected type, thumbnail, and how the file is served. */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
abstract class FilesContract {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    String baseUrl() {
        return "http://localhost:" + port;
    }

    record Chat(Person alice, Person bob, long conversation, RawTus tus, StreamClient stream) implements AutoCloseable {
        /** Uploads a file as Alice and answers the message it became. */
        JsonNode attach(String name, byte[] data) {
            tus.upload(conversation, name, data);
            return Uploading.awaitAttachment(stream, WAIT);
        }

        @Override
        public void close() {
            stream.close();
        }
    }

    Chat chat() {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        long conversation = alice.befriend(bob);
        StreamClient stream = StreamClient.open(Transport.WEBSOCKET, baseUrl(), bob.token(), bob.cursorNow());
        return new Chat(alice, bob, conversation, new RawTus(alice, baseUrl()), stream);
    }

    @Test
    void imagesGetThumbnailsWhateverTheyClaimToBe() throws IOException {
        try (Chat chat = chat()) {
            byte[] webp;
            try (InputStream in = getClass().getResourceAsStream("/upload/gradient-120x80.webp")) {
                webp = in.readAllBytes();
            }
            // The name and declared type say JPEG; the bytes are PNG: the bytes win.
            assertThumbnail(chat, "photo.jpg", image("png", 800, 600), "image/png", 320, 240);
            assertThumbnail(chat, "photo.jpeg", image("jpeg", 300, 1200), "image/jpeg", 80, 320);
            assertThumbnail(chat, "anim.gif", image("gif", 100, 50), "image/gif", 100, 50);
            assertThumbnail(chat, "gradient.webp", webp, "image/webp", 120, 80);
        }
    }

    @Test
    void aDecompressionBombIsStoredWithoutAThumbnail() throws IOException {
        try (Chat chat = chat()) {
            byte[] bomb = blankPng(10_000, 10_000);
            assertThat(bomb.length).isLessThan(2 * Uploading.MIB);
            JsonNode attachment = chat.attach("bomb.png", bomb).path("attachment");
            assertThat(attachment.path("type").asString()).isEqualTo("image/png");
            assertThat(attachment.has("thumbnail")).isFalse();
            long fileId = attachment.path("fileId").asLong();
            chat.bob().api().get("/api/files/" + fileId + "/thumbnail").expectProblem(404, "not_found");
            assertThat(Uploading.download(chat.bob(), "/api/files/" + fileId)).isEqualTo(bomb);
        }
    }

    @Test
    void filesAreServedAsDownloadsWithSafeTypesAndRanges() {
        try (Chat chat = chat()) {
            byte[] html = "<html><body><script>alert(1)</script>Hello</body></html>".getBytes(StandardCharsets.UTF_8);
            JsonNode attachment = chat.attach("página <1>.html", html).path("attachment");
            assertThat(attachment.path("type").asString()).isEqualTo("text/html");
            assertThat(attachment.path("name").asString()).isEqualTo("página <1>.html");
            String path = "/api/files/" + attachment.path("fileId").asLong();

            HttpResponse<byte[]> full = chat.bob().api().download(path);
            assertThat(full.statusCode()).isEqualTo(200);
            assertThat(full.body()).isEqualTo(html);
            assertThat(full.headers().firstValue("Content-Type")).hasValue("application/octet-stream");
            assertThat(full.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
            assertThat(full.headers().firstValue("Cache-Control")).hasValue("private, max-age=86400");
            assertThat(full.headers().firstValue("Content-Disposition"))
                    .hasValue("attachment; filename=\"pagina <1>.html\"; filename*=UTF-8''p%C3%A1gina%20%3C1%3E.html");

            HttpResponse<byte[]> range = chat.bob().api().download(path, "Range", "bytes=6-11");
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.headers().firstValue("Content-Range")).hasValue("bytes 6-11/" + html.length);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(html, 6, 12));

            chat.alice().api().get(path + "/thumbnail").expectProblem(404, "not_found");
            Person stranger = Person.signUp(port, "eve");
            stranger.api().get(path).expectProblem(404, "not_found");
            chat.bob().api().get("/api/files/999999999").expectProblem(404, "not_found");
        }
    }

    @Test
    void multipartUploadBecomesAnAttachmentAndReportsProgress() {
        try (Chat chat = chat();
                StreamClient aliceStream = StreamClient.open(
                        Transport.WEBSOCKET,
                        baseUrl(),
                        chat.alice().token(),
                        chat.alice().cursorNow())) {
            byte[] data = Uploading.randomBytes(3 * Uploading.MIB, 5);
            String boundary = "tidings-test-boundary";
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n")
                    .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(
                    ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"plain.bin\""
                                    + "\r\nContent-Type: application/octet-stream\r\n\r\n")
                            .getBytes(StandardCharsets.UTF_8));
            body.writeBytes(data);
            body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
            Api.Response accepted = chat.alice()
                    .api()
                    .execute(HttpRequest.newBuilder(URI.create(
                                    baseUrl() + "/api/conversations/" + chat.conversation() + "/attachments"))
                            .header("Authorization", "Bearer " + chat.alice().token())
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
                            .build())
                    .expect(202);
            long jobId = accepted.json().path("jobId").asLong();
            assertThat(accepted.header("Location")).isEqualTo("/api/jobs/" + jobId);

            JsonNode last = TusProtocolContract.awaitProgress(aliceStream, data.length);
            assertThat(last.path("uploadId").asString())
                    .isEqualTo(accepted.json().path("uploadId").asString());
            JsonNode message = Uploading.awaitAttachment(chat.stream(), WAIT);
            assertThat(message.path("attachment").path("name").asString()).isEqualTo("plain.bin");
            assertThat(Uploading.download(
                            chat.bob(),
                            "/api/files/"
                                    + message.path("attachment").path("fileId").asLong()))
                    .isEqualTo(data);
            JsonNode job =
                    chat.alice().api().get("/api/jobs/" + jobId).expect(200).json();
            assertThat(job.path("state").asString()).isEqualTo("succeeded");
            assertThat(job.path("result").path("messageId").asLong())
                    .isEqualTo(message.path("id").asLong());

            chat.alice()
                    .api()
                    .execute(HttpRequest.newBuilder(URI.create(
                                    baseUrl() + "/api/conversations/" + chat.conversation() + "/attachments"))
                            .header("Authorization", "Bearer " + chat.alice().token())
                            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                            .POST(HttpRequest.BodyPublishers.ofString("--" + boundary
                                    + "\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhi\r\n--" + boundary
                                    + "--\r\n"))
                            .build())
                    .expectProblem(400, "validation_failed");
        }
    }

    private void assertThumbnail(Chat chat, String name, byte[] data, String type, int width, int height)
            throws IOException {
        JsonNode attachment = chat.attach(name, data).path("attachment");
        assertThat(attachment.path("type").asString()).as(name).isEqualTo(type);
        JsonNode thumbnail = attachment.path("thumbnail");
        assertThat(thumbnail.path("width").asInt()).as(name).isEqualTo(width);
        assertThat(thumbnail.path("height").asInt()).as(name).isEqualTo(height);
        long fileId = attachment.path("fileId").asLong();
        assertThat(thumbnail.path("url").asString()).isEqualTo("/api/files/" + fileId + "/thumbnail");
        HttpResponse<byte[]> served =
                chat.bob().api().download(thumbnail.path("url").asString());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.headers().firstValue("Content-Type")).hasValue("image/png");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(served.body()));
        assertThat(image.getWidth()).isEqualTo(width);
        assertThat(image.getHeight()).isEqualTo(height);
        assertThat(Uploading.download(chat.bob(), "/api/files/" + fileId)).isEqualTo(data);
    }

    private static byte[] image(String format, int width, int height) throws IOException {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setColor(Color.ORANGE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLUE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A valid PNG of a blank width × height picture: tiny on disk, gigabytes once decoded. */
    private static byte[] blankPng(int width, int height) throws IOException {
        ByteArrayOutputStream compressed = new ByteArrayOutputStream();
        byte[] row = new byte[1 + width * 3];
        try (DeflaterOutputStream deflate = new DeflaterOutputStream(compressed)) {
            for (int y = 0; y < height; y++) {
                deflate.write(row);
            }
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        png.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        byte[] header = new byte[13];
        java.nio.ByteBuffer.wrap(header)
                .putInt(width)
                .putInt(height)
                .put((byte) 8)
                .put((byte) 2);
        chunk(png, "IHDR", header);
        chunk(png, "IDAT", compressed.toByteArray());
        chunk(png, "IEND", new byte[0]);
        return png.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream png, String type, byte[] data) {
        byte[] typeBytes = type.getBytes(StandardCharsets.US_ASCII);
        png.writeBytes(java.nio.ByteBuffer.allocate(4).putInt(data.length).array());
        png.writeBytes(typeBytes);
        png.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        png.writeBytes(
                java.nio.ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
