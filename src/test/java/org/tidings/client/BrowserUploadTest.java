package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.RawTus;
import org.tidings.testing.SqliteServer;

/**
 * Files in the browser client: Alice attaches a picture and a binary through the attach button
 * (tus in the page, several PATCHes for the binary), Bob sees a thumbnail and a download link,
 * Alice exports the conversation; and an upload begun before a reload goes on where the server
 * stands.
 */
@SqliteServer
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrowserUploadTest {

    // The client sends 1 MiB per PATCH: this makes three of them.
    private static final int BINARY_BYTES = 3 * 1024 * 1024;

    private static final String SLOW_PATCHES = """
            const { open, send, abort } = XMLHttpRequest.prototype;
            XMLHttpRequest.prototype.open = function (method, ...rest) {
              this.delayed = method === 'PATCH';
              return open.call(this, method, ...rest);
            };
            XMLHttpRequest.prototype.abort = function () {
              this.aborted = true;
              return abort.call(this);
            };
            XMLHttpRequest.prototype.send = function (body) {
              if (!this.delayed) return send.call(this, body);
              setTimeout(() => this.aborted || send.call(this, body), 1000);
            };
            """;

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    ChatPage page(String browser) {
        return new ChatPage(browsers.get(browser), "http://localhost:" + port);
    }

    @Test
    void attachedFilesShowProgressReachTheFriendAndTheConversationExports() throws IOException {
        Friends friends = friends();
        Person alice = friends.alice();
        Person bob = friends.bob();
        Path png = picture("beach.png");
        byte[] binary = randomBytes(BINARY_BYTES, 1);
        Path bin = Files.write(dir.resolve("data.bin"), binary);

        ChatPage alicePage = page("first").signIn(alice);
        ChatPage bobPage = page("second").signIn(bob);
        alicePage.open("friends", "Bob");
        bobPage.open("friends", "Alice");

        // Selenium types the paths into the hidden file input the attach button opens.
        alicePage.css("#file-input").sendKeys(png + "\n" + bin);
        for (String name : List.of("beach.png", "data.bin")) {
            alicePage.await(() -> "done".equals(uploadRow(alicePage, name).getDomAttribute("data-state")));
            WebElement row = uploadRow(alicePage, name);
            assertThat(row.findElement(By.tagName("progress")).getDomProperty("value"))
                    .isEqualTo("100");
            assertThat(row.findElement(By.className("transfer-detail")).getText())
                    .startsWith("100 %")
                    .endsWith("Sent");
        }
        // The picture's PATCH and the binary's three: progress came from several requests.
        assertThat(patchesTo(alicePage, "")).hasSizeGreaterThanOrEqualTo(4);

        WebElement picture = bobPage.awaitMessage("beach.png");
        WebElement thumbnail = picture.findElement(By.cssSelector(".attachment a.thumbnail img"));
        assertThat(thumbnail.getDomAttribute("alt")).isEqualTo("beach.png");
        bobPage.await(() -> ((Number) bobPage.script(
                                "return document.querySelector('.attachment img[alt=\"beach.png\"]').naturalWidth"))
                        .intValue()
                == 64);
        assertThat(thumbnail.getDomAttribute("src")).matches("/api/files/\\d+/thumbnail");

        WebElement file = bobPage.awaitMessage("data.bin");
        WebElement link = file.findElement(By.cssSelector(".attachment a.file-link"));
        assertThat(link.findElement(By.className("file-name")).getText()).isEqualTo("data.bin");
        assertThat(link.getDomAttribute("aria-label")).isEqualTo("Download data.bin, 3.1 MB");
        assertThat(file.findElement(By.className("body")).isDisplayed()).isFalse();
        assertThat(bob.api().download(link.getDomAttribute("href")).body()).isEqualTo(binary);

        alicePage.css("#export-button").click();
        alicePage.await(() -> alicePage.css("#transfers li.job a.download").isDisplayed());
        WebElement job = alicePage.css("#transfers li.job");
        assertThat(job.getDomAttribute("data-state")).isEqualTo("succeeded");
        assertThat(job.findElement(By.tagName("progress")).getDomProperty("value"))
                .isEqualTo("100");
        String href = job.findElement(By.cssSelector("a.download")).getDomAttribute("href");
        assertThat(href).matches("/api/jobs/\\d+/result");
        byte[] zip = alice.api().download(href).body();
        assertThat(Arrays.copyOf(zip, 2)).isEqualTo(new byte[] {'P', 'K'});
    }

    @Test
    void anUploadBegunBeforeAReloadGoesOnFromTheServersOffset() throws IOException {
        Friends friends = friends();
        Person alice = friends.alice();
        long conversation = friends.conversation();
        byte[] data = randomBytes(BINARY_BYTES, 2);
        Path file = Files.write(dir.resolve("half.bin"), data);
        long lastModified = 1_700_000_000_000L;
        Files.setLastModifiedTime(file, FileTime.fromMillis(lastModified));

        // The first megabyte went up before the page was closed: the server holds it.
        RawTus tus = new RawTus(alice, "http://localhost:" + port);
        String url = tus.created(data.length, conversation, "half.bin");
        tus.patch(url, 0, Arrays.copyOf(data, 1024 * 1024)).expect(204);

        ChatPage alicePage = page("first").signIn(alice);
        alicePage.script("localStorage.setItem('tidings.upload:" + conversation + ":half.bin:" + data.length + ":"
                + lastModified + "', '" + url + "')");
        alicePage.open("friends", "Bob");
        alicePage.css("#file-input").sendKeys(file.toString());

        alicePage.await(() -> "done".equals(uploadRow(alicePage, "half.bin").getDomAttribute("data-state")));
        // Only the two missing megabytes were sent, to the upload begun before; none created anew.
        assertThat(patchesTo(alicePage, URI.create(url).getPath())).hasSize(2);
        assertThat(alicePage.script("return performance.getEntriesByType('resource')"
                        + ".filter(e => new URL(e.name).pathname === '/api/uploads').length"))
                .isEqualTo(0L);
        assertThat(alicePage.script(
                        "return Object.keys(localStorage).filter(k => k.startsWith('tidings.upload:')).length"))
                .isEqualTo(0L);
        friends.bobDownloads(tus, "half.bin", data);
    }

    @Test
    void uploadsPauseResumeFromTheKeyboardAndCancelDeletesThem() throws IOException {
        Friends friends = friends();
        Person alice = friends.alice();
        long conversation = friends.conversation();
        byte[] data = randomBytes(BINARY_BYTES, 3);
        Path slow = Files.write(dir.resolve("slow.bin"), data);
        Path dropped = Files.write(dir.resolve("dropped.bin"), randomBytes(BINARY_BYTES, 4));
        RawTus tus = new RawTus(alice, "http://localhost:" + port);

        // Each PATCH leaves 1 s late, so there is time to press the buttons between them. (DevTools
        // upload throttling would be closer to life, but it keeps aborted requests trickling to
        // the server, which then holds the upload's lock until they stall.)
        ChatPage alicePage = page("first");
        ChatPage.Undo slowPatches = alicePage.injectBeforeLoad(SLOW_PATCHES);
        alicePage.signIn(alice);
        alicePage.open("friends", "Bob");
        try {
            alicePage.css("#file-input").sendKeys(slow.toString());
            alicePage.await(() -> detail(alicePage, "slow.bin").matches("\\d+ % · .* of 3.1 MB · .*/s · .* left"));
            uploadRow(alicePage, "slow.bin")
                    .findElement(By.cssSelector("button[aria-label='Pause upload of slow.bin']"))
                    .sendKeys(Keys.ENTER);
            alicePage.await(
                    () -> "paused".equals(uploadRow(alicePage, "slow.bin").getDomAttribute("data-state")));
            assertThat(detail(alicePage, "slow.bin")).endsWith("Paused");
            String url = storedUploadUrl(alicePage, conversation, "slow.bin");
            assertThat(Long.parseLong(tus.head(url).expect(200).header("Upload-Offset")))
                    .isLessThan(data.length);
            WebElement resume = uploadRow(alicePage, "slow.bin")
                    .findElement(By.cssSelector("button[aria-label='Resume upload of slow.bin']"));
            assertThat(resume.isDisplayed()).isTrue();
            resume.sendKeys(Keys.ENTER);

            alicePage.css("#file-input").sendKeys(dropped.toString());
            alicePage.await(() -> storedUploadUrl(alicePage, conversation, "dropped.bin") != null);
            String droppedUrl = storedUploadUrl(alicePage, conversation, "dropped.bin");
            uploadRow(alicePage, "dropped.bin")
                    .findElement(By.cssSelector("button[aria-label='Cancel upload of dropped.bin']"))
                    .click();
            alicePage.await(() -> alicePage
                            .driver()
                            .findElements(By.cssSelector("#transfers li.upload[data-state=uploading]"))
                            .size()
                    <= 1);
            alicePage.await(() -> tus.head(droppedUrl).status() == 404);
            assertThat(storedUploadUrl(alicePage, conversation, "dropped.bin")).isNull();

            alicePage.await(() -> "done".equals(uploadRow(alicePage, "slow.bin").getDomAttribute("data-state")));
        } finally {
            slowPatches.close();
        }
        friends.bobDownloads(tus, "slow.bin", data);
    }

    private static String detail(ChatPage page, String name) {
        return uploadRow(page, name)
                .findElement(By.className("transfer-detail"))
                .getText();
    }

    /** The upload URL the page keeps for a file of this test (they share size and no mtime is set). */
    private static String storedUploadUrl(ChatPage page, long conversation, String name) {
        return (String) page.script("return Object.entries(localStorage).find(([k]) => k.startsWith('tidings.upload:"
                + conversation + ":" + name + ":'))?.[1] ?? null");
    }

    /** Alice and Bob, friends, and their conversation. */
    record Friends(Person alice, Person bob, long conversation) {

        /** Waits for the attachment and checks that Bob gets exactly these bytes. */
        void bobDownloads(RawTus tus, String name, byte[] data) {
            long fileId = tus.awaitAttachment(conversation, name, data.length)
                    .path("fileId")
                    .asLong();
            assertThat(bob.api().download("/api/files/" + fileId).body()).isEqualTo(data);
        }
    }

    private Friends friends() {
        Person alice = Person.signUp(port, "Alice");
        Person bob = Person.signUp(port, "Bob");
        return new Friends(alice, bob, alice.befriend(bob));
    }

    private static WebElement uploadRow(ChatPage page, String name) {
        return page.driver().findElements(By.cssSelector("#transfers li.upload")).stream()
                .filter(row ->
                        row.findElement(By.className("transfer-name")).getText().equals(name))
                .findFirst()
                .orElseThrow(() -> new org.openqa.selenium.NoSuchElementException(name));
    }

    /** The page's PATCH requests (XMLHttpRequest) to uploads whose path starts with {@code path}. */
    @SuppressWarnings("unchecked")
    private static List<Object> patchesTo(ChatPage page, String path) {
        return (List<Object>) page.script("return performance.getEntriesByType('resource')"
                + ".filter(e => e.initiatorType === 'xmlhttprequest')"
                + ".map(e => new URL(e.name).pathname)"
                + ".filter(p => p.startsWith('/api/uploads/') && p.startsWith('" + path + "'))");
    }

    private Path picture(String name) throws IOException {
        BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
        var graphics = image.createGraphics();
        graphics.setColor(new Color(0x2f6feb));
        graphics.fillRect(0, 0, 64, 48);
        graphics.setColor(Color.ORANGE);
        graphics.fillOval(16, 8, 32, 32);
        graphics.dispose();
        Path path = dir.resolve(name);
        ImageIO.write(image, "png", path.toFile());
        return path;
    }

    private static byte[] randomBytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new Random(seed).nextBytes(bytes);
        return bytes;
    }
}
