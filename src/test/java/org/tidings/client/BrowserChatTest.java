package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Browsers;
import org.tidings.testing.Names;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * The browser client in headless Chromium against the real server: two people in two
 * browsers (each its own profile, so its own session) befriend, chat and form a group.
 */
@SqliteServer
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrowserChatTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    ChatPage page(String browser) {
        return new ChatPage(browsers.get(browser), "http://localhost:" + port);
    }

    Person person(String name) {
        return Person.signUp(port, name);
    }

    @Test
    void twoPeopleBefriendChatSeeUnreadBadgesAndFormAGroupWithAThird() {
        ChatPage alicePage = page("first");
        ChatPage bobPage = page("second");
        String aliceName = Names.unique("alice");
        alicePage.signUp(aliceName, "Alice", "correct horse");
        Person bob = person("Bob");
        bobPage.signIn(bob);

        alicePage.requestFriend(bob.username());
        bobPage.acceptRequestFrom(aliceName);
        alicePage.row("Bob");
        bobPage.row("Alice");
        alicePage.await(() -> alicePage.isOnline("Bob"));

        alicePage.open("friends", "Bob");
        assertThat(alicePage.css("#chat-subtitle").getText()).contains("@" + bob.username());
        alicePage.send("Hi Bob!");
        alicePage.await(() -> "sent".equals(alicePage.deliveryState("Hi Bob!")));
        bobPage.awaitBadge("Alice", 1);
        bobPage.await(() -> bobPage.driver().getTitle().startsWith("(1) "));
        alicePage.send("Are you there?");
        bobPage.awaitBadge("Alice", 2);
        assertThat(bobPage.driver().getTitle()).startsWith("(2) ");

        bobPage.open("friends", "Alice");
        bobPage.awaitMessage("Hi Bob!");
        bobPage.awaitMessage("Are you there?");
        bobPage.awaitBadge("Alice", 0);
        bobPage.await(() -> !bobPage.driver().getTitle().startsWith("("));
        assertThat(conversationTitled(bob, "Alice").path("unreadCount").asLong())
                .isZero();

        bobPage.type("typing away");
        alicePage.await(() -> alicePage.typingLine().equals("Bob is typing…"));
        bobPage.css("#message-input").clear();
        bobPage.send("Yes!\nTwo lines.");
        WebElement reply = alicePage.awaitMessage("Yes!\nTwo lines.");
        assertThat(reply.getDomAttribute("class")).doesNotContain("mine");
        assertThat(alicePage.awaitMessage("Hi Bob!").getDomAttribute("class")).contains("mine");
        // Alice has the conversation open and at the bottom: the reply is read at once.
        alicePage.awaitBadge("Bob", 0);
        assertThat(alicePage.driver().findElements(By.cssSelector("#message-items li.day")))
                .extracting(WebElement::getText)
                .containsExactly("Today");

        Person carol = person("Carol");
        carol.api()
                .post("/api/friends/requests", java.util.Map.of("username", aliceName))
                .expect(201);
        alicePage.acceptRequestFrom(carol.username());
        alicePage.row("Carol");
        alicePage.showTab("groups");
        alicePage.css("#new-group").click();
        alicePage.fill("#group-form input[name=name]", "Trio");
        for (String member : new String[] {bob.username(), carol.username()}) {
            alicePage.css("#group-friend-choices input[value='" + member + "']").click();
        }
        alicePage.css("#group-form button[type=submit]").click();
        alicePage.await(() -> alicePage.title().equals("Trio"));
        assertThat(alicePage.css("#chat-subtitle").getText()).startsWith("3 members");

        bobPage.showTab("groups");
        bobPage.row("Trio");
        alicePage.send("Welcome to the group");
        bobPage.awaitBadge("Trio", 1);
        bobPage.await(() -> ChatPage.count(bobPage.css("#tab-groups .badge")) == 1);
        bobPage.open("groups", "Trio");
        bobPage.awaitMessage("Welcome to the group");
        bobPage.awaitBadge("Trio", 0);
        bobPage.send("Hello, trio");
        alicePage.awaitMessage("Hello, trio");
        long trio = conversationTitled(carol, "Trio").path("id").asLong();
        assertThat(bodies(carol, trio)).containsExactly("Welcome to the group", "Hello, trio");

        alicePage.css("#members-button").click();
        alicePage.await(() -> alicePage.css("#members-dialog").isDisplayed());
        alicePage.css("#member-list button.remove[aria-label='Remove Carol']").click();
        bobPage.await(() -> bobPage.css("#chat-subtitle").getText().startsWith("2 members"));
        carol.api().get("/api/conversations/" + trio).expectProblem(404, "not_found");
        alicePage.fill("#add-member-username", carol.username());
        alicePage.css("#add-member-username").sendKeys(org.openqa.selenium.Keys.ENTER);
        bobPage.await(() -> bobPage.css("#chat-subtitle").getText().startsWith("3 members"));
        carol.api().get("/api/conversations/" + trio).expect(200);
        alicePage.css("#members-dialog [data-close]").click();

        bobPage.css("#members-button").click();
        bobPage.css("#leave-group").click();
        bobPage.await(() -> !bobPage.hasRow("Trio"));
        assertThat(bobPage.title()).isEqualTo("Tidings");
        alicePage.await(() -> alicePage.css("#chat-subtitle").getText().startsWith("2 members"));

        Person dave = person("Dave");
        dave.api()
                .post("/api/friends/requests", java.util.Map.of("username", aliceName))
                .expect(201);
        alicePage.showTab("friends");
        alicePage.await(() -> alicePage.css("#request-list").getText().contains("@" + dave.username()));
        alicePage.css("#request-list button[data-action=decline]").click();
        alicePage.await(() -> !alicePage.css("#requests").isDisplayed());
        assertThat(dave.api().get("/api/friends/requests").expect(200).json().path("outgoing"))
                .isEmpty();
    }

    private static JsonNode conversationTitled(Person person, String title) {
        for (JsonNode conversation :
                person.api().get("/api/conversations").expect(200).json()) {
            if (conversation.path("title").asString().equals(title)) {
                return conversation;
            }
        }
        throw new AssertionError(person.username() + " has no conversation titled " + title);
    }

    private static java.util.List<String> bodies(Person person, long conversationId) {
        JsonNode page = person.api()
                .get("/api/conversations/" + conversationId + "/messages")
                .expect(200)
                .json();
        return page.path("messages")
                .valueStream()
                .map(m -> m.path("body").asString())
                .toList();
    }

    @Test
    void markupInMessagesAndNamesShowsAsTextAndNeverRuns() throws Exception {
        Person reader = person("Reader");
        Person writer = person("<img src=x onerror=alert(1)>");
        long direct = reader.befriend(writer);
        String attack = "<script>alert('boom')</script><img src=x onerror=\"window.__pwned = 1\"> & <b>bold</b>";
        writer.send(direct, attack);

        ChatPage readerPage = page("first");
        readerPage.signIn(reader);
        String writerTitle = "<img src=x onerror=alert(1)>";
        readerPage.open("friends", writerTitle);
        WebElement message = readerPage.awaitMessage(attack);
        readerPage.send("<i>my own</i>");
        readerPage.awaitMessage("<i>my own</i>");

        assertThat(message.findElement(By.className("body")).getText()).isEqualTo(attack);
        assertThat(message.findElements(By.cssSelector(".body *"))).isEmpty();
        assertThat(readerPage.driver().findElements(By.cssSelector("#app img, #app script, #app b, #app i")))
                .isEmpty();
        assertThat(readerPage.script("return window.__pwned === undefined")).isEqualTo(true);
        try {
            readerPage.driver().switchTo().alert();
            throw new AssertionError("An alert opened: markup from a message ran");
        } catch (NoAlertPresentException expected) {
            // Nothing ran.
        }
        // And the page itself needed nothing the CSP forbids, and threw nothing.
        assertThat(readerPage
                        .driver()
                        .manage()
                        .logs()
                        .get(org.openqa.selenium.logging.LogType.BROWSER)
                        .getAll())
                .extracting(org.openqa.selenium.logging.LogEntry::getMessage)
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught"));
    }

    @Test
    void scrollingUpLoadsOlderHistoryAndNewMessagesWaitBelowAMarker() {
        Person reader = person("Reader");
        Person writer = person("Writer");
        long direct = reader.befriend(writer);
        // 60 messages: more than the first page of 50, and within each sender's burst.
        for (int i = 1; i <= 30; i++) {
            writer.send(direct, "from the writer " + i);
            reader.send(direct, "from the reader " + i);
        }
        ChatPage page = page("first").signIn(reader);
        page.open("friends", "Writer");
        page.awaitMessage("from the reader 30");
        assertThat(page.messages()).hasSize(50);
        assertThat(page.findMessage("from the writer 1")).isNull();

        page.script("document.getElementById('messages').scrollTop = 0");
        page.awaitMessage("from the writer 1");
        page.await(() -> page.css("#message-items .history-edge").getText().contains("beginning"));
        assertThat(page.messages()).hasSize(60);

        // Reading old messages, a new one arrives: it waits below a marker, unread.
        page.script("document.getElementById('messages').scrollTop = 0");
        writer.send(direct, "something new");
        page.await(page::newMessagesMarkerShown);
        page.awaitBadge("Writer", 1);
        page.css("#new-messages").click();
        page.awaitBadge("Writer", 0);
        assertThat(page.newMessagesMarkerShown()).isFalse();
        assertThat(page.script("const m = document.getElementById('messages');"
                        + " return m.scrollHeight - m.scrollTop - m.clientHeight < 48"))
                .isEqualTo(true);
    }

    /**
     * The main screen with real data, for the README: saved under target/browser-screenshots,
     * and over docs/screenshot.png when run with -Dtidings.screenshot=docs/screenshot.png.
     */
    @Test
    void mainScreenShowsListsBadgesAndTheOpenChat() throws Exception {
        Person alice = person("Alice Liddell");
        Person bob = person("Bob Marley");
        Person carol = person("Carol Danvers");
        Person dave = person("Dave Grohl");
        long withBob = alice.befriend(bob);
        alice.befriend(carol);
        long withDave = alice.befriend(dave);
        long hike = alice.createGroup("Weekend hike", bob, carol);
        alice.createGroup("Book club", carol, dave);
        alice.send(hike, "Who is in for Saturday?");
        carol.send(hike, "Me! Meeting at the trailhead at 8?");
        carol.send(hike, "I can bring the map.");
        dave.send(withDave, "Did you see the new album?");
        alice.send(withBob, "Hey Bob, are we still on for tonight?");
        bob.send(withBob, "Yes! 7 pm at the usual place.");
        bob.send(withBob, "I'll bring the guitar.\nAnd the songbook.");
        alice.send(withBob, "Perfect, see you there!");

        ChatPage bobPage = page("second").signIn(bob);
        ChatPage page = page("first").signIn(alice);
        page.open("friends", "Bob Marley");
        page.awaitMessage("Perfect, see you there!");
        bobPage.open("friends", "Alice Liddell");
        bobPage.type("Can't wait");
        page.await(() -> page.typingLine().equals("Bob Marley is typing…"));
        page.await(() -> page.isOnline("Bob Marley"));
        assertThat(page.badge("Dave Grohl")).isEqualTo(1);
        assertThat(ChatPage.count(page.css("#tab-groups .badge"))).isEqualTo(2);
        assertThat(page.driver().getTitle()).isEqualTo("(3) Bob Marley · Tidings");

        java.nio.file.Path shot = Browsers.ARTIFACTS.resolve("main-screen.png");
        java.nio.file.Files.createDirectories(shot.getParent());
        java.nio.file.Files.write(shot, page.driver().getScreenshotAs(org.openqa.selenium.OutputType.BYTES));
        assertThat(java.nio.file.Files.size(shot)).isLessThan(300 * 1024);
        String target = System.getProperty("tidings.screenshot");
        if (target != null) {
            java.nio.file.Files.copy(
                    shot, java.nio.file.Path.of(target), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void worksFromTheKeyboardAloneAndAtPhoneWidth() {
        Person me = person("Keys");
        Person friend = person("Friend");
        me.befriend(friend);
        ChatPage page = page("first").signIn(me);
        var driver = page.driver();
        var keys = new org.openqa.selenium.interactions.Actions(driver);
        // Tab from the top of the page to the friend's row, open it with Enter.
        WebElement row = page.row("Friend");
        for (int i = 0; i < 30 && !row.equals(driver.switchTo().activeElement()); i++) {
            keys.sendKeys(org.openqa.selenium.Keys.TAB).perform();
        }
        assertThat(driver.switchTo().activeElement()).isEqualTo(row);
        keys.sendKeys(org.openqa.selenium.Keys.ENTER).perform();
        page.await(() -> page.title().equals("Friend"));
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("message-input");
        keys.sendKeys("sent by keyboard", org.openqa.selenium.Keys.ENTER).perform();
        page.await(() -> "sent".equals(page.deliveryState("sent by keyboard")));
        assertThat(page.draft()).isEmpty();
        // Arrow keys move between the Friends and Groups tabs.
        page.css("#tab-friends").sendKeys(org.openqa.selenium.Keys.ARROW_RIGHT);
        assertThat(page.css("#tab-groups").getDomAttribute("aria-selected")).isEqualTo("true");
        assertThat(driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("tab-groups");
        page.css("#tab-groups").sendKeys(org.openqa.selenium.Keys.ARROW_LEFT);

        // A phone: one column at a time, with a way back to the lists.
        var desktop = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 800));
            page.await(() -> !page.css(".sidebar").isDisplayed());
            assertThat(page.css("#messages").isDisplayed()).isTrue();
            page.css("#back").click();
            page.await(() -> page.css(".sidebar").isDisplayed());
            assertThat(page.css(".chat").isDisplayed()).isFalse();
            assertThat(driver.switchTo().activeElement()).isEqualTo(page.row("Friend"));
            page.row("Friend").click();
            page.await(() -> page.css("#messages").isDisplayed());
            assertThat(page.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
        } finally {
            driver.manage().window().setSize(desktop);
        }

        page.css("#sign-out").sendKeys(org.openqa.selenium.Keys.ENTER);
        page.await(() -> page.css("#sign-in-form").isDisplayed());
        driver.navigate().refresh();
        page.await(() -> page.css("#sign-in-form").isDisplayed());
    }
}
