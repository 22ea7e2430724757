package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Browsers;
import org.tidings.testing.Names;
import org.tidings.testing.SqliteServer;

/** The sign-up form says which registration policy applies and takes an invite code. */
@SqliteServer
// Its own server: the policy is server-wide, and its first account must be the administrator.
@TestPropertySource(properties = "tidings.admin.max-invite-uses=100")
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrowserSignUpPolicyTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    @Test
    void signUpFormFollowsThePolicyAndTakesAnInviteCode() {
        Api admin = new Api(port);
        admin.signUp("owner");
        admin.put("/api/admin/settings/registration", Map.of("policy", "invite"))
                .expect(200);
        String code = admin.post("/api/admin/invites", Map.of("expiresInHours", 1, "maxUses", 1))
                .expect(201)
                .json()
                .path("code")
                .asString();

        ChatPage page = new ChatPage(browsers.get("newcomer"), "http://localhost:" + port);
        ChromeDriver driver = page.driver();
        page.signedOut("");
        driver.findElement(By.cssSelector("#sign-in-form [data-show=sign-up]")).click();
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(30));
        wait.until(d -> !d.findElements(By.cssSelector("#sign-up-form input[name=inviteCode]"))
                .isEmpty());
        assertThat(driver.findElement(By.id("sign-up-policy")).getText()).contains("invite-only");

        driver.findElement(By.cssSelector("#sign-up-form input[name=username]")).sendKeys(Names.unique("newbie"));
        driver.findElement(By.cssSelector("#sign-up-form input[name=displayName]"))
                .sendKeys("Newbie");
        driver.findElement(By.cssSelector("#sign-up-form input[name=password]")).sendKeys("correct horse");
        driver.findElement(By.cssSelector("#sign-up-form input[name=inviteCode]"))
                .sendKeys(code);
        driver.findElement(By.cssSelector("#sign-up-form button[type=submit]")).click();
        page.awaitLive();

        admin.put("/api/admin/settings/registration", Map.of("policy", "closed"))
                .expect(200);
        page.signOut();
        wait.until(d -> "closed".equals(d.findElement(By.id("sign-up-policy")).getDomAttribute("data-policy")));
        assertThat(driver.findElements(By.cssSelector("#sign-up-form input[name=inviteCode]")))
                .isEmpty();
        assertThat(driver.findElement(By.cssSelector("#sign-up-form button[type=submit]"))
                        .isEnabled())
                .isFalse();
    }
}
