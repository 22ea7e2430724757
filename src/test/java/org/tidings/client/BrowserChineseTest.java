package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Browsers;
import org.tidings.testing.Names;
import org.tidings.testing.SqliteServer;

/**
 * The main journey in browsers that prefer Simplified Chinese (docs/client.md, "Languages"): the
 * client picks Chinese by itself, its words, times and the server's problems come out in
 * Chinese, and the language can be switched and stays switched.
 */
@SqliteServer
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrowserChineseTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers("zh-CN");

    @LocalServerPort
    int port;

    ChatPage page(String browser) {
        return new ChatPage(browsers.get(browser), "http://localhost:" + port);
    }

    @Test
    void signUpBefriendAndChatInChinese() {
        ChatPage alicePage = page("first");
        alicePage.signedOut("");
        assertThat(alicePage.script("return navigator.languages[0]")).isEqualTo("zh-CN");
        assertThat(alicePage.script("return document.documentElement.lang")).isEqualTo("zh-CN");
        assertThat(alicePage.css("#sign-in-title").getText()).isEqualTo("登录");
        assertThat(alicePage
                        .css("#sign-in-form input[name=password]")
                        .findElement(By.xpath(".."))
                        .getText())
                .isEqualTo("密码");

        // A wrong password: the server's code, the client's Chinese words for it.
        alicePage.fill("#sign-in-form input[name=username]", Names.unique("nobody"));
        alicePage.fill("#sign-in-form input[name=password]", "wrong password");
        alicePage.css("#sign-in-form button[type=submit]").click();
        alicePage.await(
                () -> alicePage.css("#sign-in-form .form-error").getText().equals("用户名或密码错误"));

        String aliceName = Names.unique("alice");
        alicePage.signUp(aliceName, "爱丽丝", "correct horse");
        assertThat(alicePage.statusText()).startsWith("已连接");
        assertThat(alicePage.css("#sign-out").getText()).isEqualTo("退出登录");
        assertThat(alicePage.css("#tab-friends").getText()).startsWith("好友");
        assertThat(alicePage.css("#friend-username").getDomAttribute("placeholder"))
                .isEqualTo("输入用户名添加好友");

        // A problem with a parameter: no such user.
        String nobody = Names.unique("nobody");
        alicePage.fill("#friend-username", nobody);
        alicePage.css("#friend-username").sendKeys(Keys.ENTER);
        alicePage.await(() ->
                alicePage.css("#friend-request-form .form-error").getText().equals("找不到用户 " + nobody));
        alicePage.css("#friend-username").clear();

        ChatPage bobPage = page("second");
        String bobName = Names.unique("bob");
        bobPage.signUp(bobName, "鲍勃", "correct horse");
        alicePage.requestFriend(bobName);
        bobPage.await(() -> bobPage.css("#request-list").getText().contains("请求添加你为好友"));
        assertThat(bobPage.css("#request-list button[data-action=accept]").getText())
                .isEqualTo("接受");
        bobPage.acceptRequestFrom(aliceName);
        alicePage.row("鲍勃");

        alicePage.open("friends", "鲍勃");
        assertThat(alicePage.css("#message-input").getDomAttribute("placeholder"))
                .isEqualTo("输入消息…");
        assertThat(alicePage.css("#composer button[type=submit]").getText()).isEqualTo("发送");
        alicePage.send("这个周末去爬山吗？");
        bobPage.awaitBadge("爱丽丝", 1);
        bobPage.open("friends", "爱丽丝");
        WebElement message = bobPage.awaitMessage("这个周末去爬山吗？");
        bobPage.type("还在想");
        alicePage.await(() -> alicePage.typingLine().equals("鲍勃 正在输入…"));
        bobPage.css("#message-input").clear();
        bobPage.send("好啊！");
        alicePage.awaitMessage("好啊！");

        // Times in Chinese: the day is 今天, the full date has 年 and 星期, the time of day is a
        // 24-hour clock without AM/PM.
        assertThat(bobPage.driver().findElements(By.cssSelector("#message-items li.day")))
                .extracting(WebElement::getText)
                .containsExactly("今天");
        WebElement time = message.findElement(By.className("time"));
        assertThat(time.getDomAttribute("title")).contains("年").contains("星期");
        assertThat(time.getDomProperty("textContent")).matches("\\d{1,2}:\\d{2}");
        assertThat(bobPage.css("#chat-subtitle").getText()).endsWith("在线");

        // Switching the language reloads the page in it, and the choice stays.
        new Select(alicePage.css("#language-me")).selectByValue("en");
        alicePage.await(() -> "en".equals(alicePage.script("return document.documentElement.lang")));
        alicePage.awaitLive();
        assertThat(alicePage.css("#sign-out").getText()).isEqualTo("Sign out");
        assertThat(alicePage.statusText()).startsWith("Live");
        alicePage.driver().navigate().refresh();
        alicePage.awaitLive();
        assertThat(alicePage.css("#tab-friends").getText()).startsWith("Friends");
        new Select(alicePage.css("#language-me")).selectByValue("zh-CN");
        alicePage.await(() -> "zh-CN".equals(alicePage.script("return document.documentElement.lang")));
        alicePage.awaitLive();
        assertThat(alicePage.css("#sign-out").getText()).isEqualTo("退出登录");
        alicePage.assertNothingRanAndNoCspReport();
    }
}
