package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;

/**
 * Searching in the browser client (issue 15): a two-character Chinese query finds messages with
 * no spaces in them, results are grouped by conversation, and clicking one opens its
 * conversation at that message (older than the newest page) and lights it up.
 */
@SqliteServer
@TestPropertySource(properties = "tidings.chat.send-burst=200")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserSearchTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    @Test
    void aChineseQueryOpensTheRightMessageDeepInHistory() {
        Person alice = Person.signUp(port, "Alice");
        Person bob = Person.signUp(port, "Bob");
        long direct = alice.befriend(bob);
        long group = alice.createGroup("登山队", bob);
        bob.send(group, "这个周末去爬山吗");
        // Enough newer messages that the match is not on the first page of history (50).
        for (int i = 1; i <= 55; i++) {
            (i % 2 == 0 ? alice : bob).send(group, "消息 " + i);
        }
        alice.send(direct, "周末愉快 <img src=x onerror=\"window.__pwned=1\">");

        ChatPage page = new ChatPage(browsers.get("first"), "http://localhost:" + port).signIn(alice);
        page.fill("#search-q", "周末");
        page.css("#search-form button[type=submit]").click();
        page.await(() -> page.driver()
                        .findElements(By.cssSelector("#search-groups .search-result"))
                        .size()
                == 2);

        // Grouped by conversation, newest first: the direct one (titled by Bob), then the group.
        List<String> titles = page.driver().findElements(By.cssSelector("#search-groups .search-group > h2")).stream()
                .map(title -> title.getDomProperty("textContent"))
                .toList();
        assertThat(titles).containsExactly(bob.displayName(), "登山队");
        List<WebElement> results = page.driver().findElements(By.cssSelector("#search-groups .search-result"));
        // The highlighted part is the query; markup in a message stays text.
        assertThat(results.get(1).findElement(By.tagName("mark")).getText()).isEqualTo("周末");
        assertThat(results.get(0).getText()).contains("<img src=x");
        assertThat(page.driver().findElements(By.cssSelector("#search-groups img")))
                .isEmpty();

        results.get(1).click();
        page.await(() -> "登山队".equals(page.css("#chat-title").getText()));
        WebElement found = page.awaitMessage("这个周末去爬山吗");
        page.await(() -> found.getDomAttribute("class").contains("highlight"));
        assertThat(page.findMessage("消息 55")).isNull();
        page.assertNothingRanAndNoCspReport();
    }
}
