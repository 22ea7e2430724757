package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.support.ui.Select;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;

/**
 * Muting a conversation in the browser (issue 16): its count stays on its row, quietly, and leaves
 * the title; the setting reaches the user's other tab through their stream.
 */
@SqliteServer
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserNotificationsTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    ChatPage page(String browser) {
        return new ChatPage(browsers.get(browser), "http://localhost:" + port);
    }

    @Test
    void aMutedConversationCountsQuietlyAndEveryTabKnows() {
        Person alice = Person.signUp(port, "Alice");
        Person bob = Person.signUp(port, "Bob");
        long direct = alice.befriend(bob);
        long chess = alice.createGroup("Chess", bob);
        alice.createGroup("Book club", bob);
        ChatPage tab = page("first").signIn(alice);
        ChatPage otherTab = page("second").signIn(alice);

        tab.open("friends", "Bob");
        new Select(tab.css("#notifications-level")).selectByValue("none");
        otherTab.showTab("friends");
        otherTab.await(() -> otherTab.row("Bob").getDomAttribute("class").contains("muted"));

        // Away from both, Bob writes in each: the muted one counts on its row but not in the title.
        tab.open("groups", "Book club");
        bob.send(direct, "psst");
        bob.send(chess, "your move");
        tab.showTab("friends");
        tab.awaitBadge("Bob", 1);
        assertThat(tab.row("Bob").getDomAttribute("class")).contains("muted");
        tab.await(() -> tab.driver().getTitle().startsWith("(1) "));

        // Back to all messages from elsewhere (another device): this tab counts it again.
        alice.api()
                .put("/api/conversations/" + direct + "/notifications", Map.of("notifications", "all"))
                .expect(200);
        tab.await(() -> tab.driver().getTitle().startsWith("(2) "));
        assertThat(tab.row("Bob").getDomAttribute("class")).doesNotContain("muted");
    }
}
