package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;

/**
 * Profiles in the browser client: Alice changes her avatar and status in the profile dialog; Bob,
 * her friend, sees initials before and her picture after, without reloading.
 */
@SqliteServer
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrowserProfileTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    @TempDir
    Path dir;

    @Test
    void aNewAvatarReachesAFriendsOpenPage() throws IOException {
        Person alice = Person.signUp(port, "alice");
        Person bob = Person.signUp(port, "bob");
        alice.befriend(bob);
        alice.api()
                .patch("/api/me", java.util.Map.of("displayName", "Alice Liddell"))
                .expect(200);
        String slot = ".conversation .avatar[data-avatar-user=\"" + alice.id() + "\"]";

        ChatPage alicePage = new ChatPage(browsers.get("first"), "http://localhost:" + port).signIn(alice);
        ChatPage bobPage = new ChatPage(browsers.get("second"), "http://localhost:" + port).signIn(bob);
        bobPage.await(() -> !bobPage.driver()
                .findElements(org.openqa.selenium.By.cssSelector(slot))
                .isEmpty());
        assertThat(bobPage.css(slot + " .initials").getText()).isEqualTo("AL");
        bobPage.await(() -> bobPage.driver()
                .findElements(org.openqa.selenium.By.cssSelector(slot + " img"))
                .isEmpty());

        Path picture = dir.resolve("me.png");
        var image = new BufferedImage(300, 200, BufferedImage.TYPE_INT_RGB);
        var g = image.createGraphics();
        g.setColor(Color.MAGENTA);
        g.fillRect(0, 0, 300, 200);
        g.dispose();
        ImageIO.write(image, "png", picture.toFile());

        alicePage.css("#profile-open").click();
        alicePage.css("#profile-dialog input[name=avatar]").sendKeys(picture.toString());
        alicePage.css("#profile-dialog input[name=status]").sendKeys("down the rabbit hole");
        alicePage.css("#profile-dialog button[type=submit]").click();

        alicePage.await(() -> naturalWidth(alicePage, "#me-avatar img") == 64);
        alicePage.await(() -> alicePage.css("#me-status").getText().equals("down the rabbit hole"));
        bobPage.await(() -> naturalWidth(bobPage, slot + " img") == 64);
        long version = alice.api().get("/api/me").json().path("avatarVersion").asLong();
        assertThat(bobPage.css(slot + " img").getDomAttribute("src")).endsWith("&v=" + version);
    }

    private static long naturalWidth(ChatPage page, String css) {
        Object width = page.driver()
                .executeScript(
                        "const img = document.querySelector(arguments[0]); return img && img.complete ? img.naturalWidth : 0;",
                        css);
        return ((Number) width).longValue();
    }
}
