package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;

/**
 * Changing messages in the browser client (issue 14): editing, deleting, reacting with the emoji
 * picker, replying and jumping to the original, mentions with completion, read receipts, and
 * formatting that hostile text cannot turn into markup. Each test also saves a screenshot of its
 * feature for docs/client.md (copied to docs/ with -Dtidings.screenshots=docs).
 */
@SqliteServer
// The reply test sends 31 messages a person as fast as the server answers, past the default burst
// of 30; the same settings as BrowserSearchTest, so the two share one server.
@TestPropertySource(properties = "tidings.chat.send-burst=200")
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserMessagesTest {

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
    void editDeleteReactWithThePickerAndSeeItSeenInADirectConversation() throws Exception {
        Person alice = person("Alice");
        Person bob = person("Bob");
        long direct = alice.befriend(bob);
        ChatPage alicePage = page("first").signIn(alice);
        ChatPage bobPage = page("second").signIn(bob);
        alicePage.open("friends", "Bob");
        bobPage.open("friends", "Alice");

        alicePage.send("See you at 9");
        alicePage.send("Delete me");
        bobPage.awaitMessage("Delete me");

        // The second is drawn in a run under the first, without a name, but its time shows on
        // hover; 12-hour times have no leading zero.
        WebElement inRun = bobPage.awaitMessage("Delete me");
        assertThat(inRun.getDomAttribute("class")).contains("continued");
        assertThat(inRun.findElement(By.className("time")).isDisplayed()).isFalse();
        new Actions(bobPage.driver()).moveToElement(inRun).perform();
        bobPage.await(() -> inRun.findElement(By.className("time")).isDisplayed());
        assertThat(inRun.findElement(By.className("time")).getText()).matches("[1-9]\\d?:\\d\\d([ \\u202f][AP]M)?");

        // Up in the empty field edits the last message of mine; Escape gives up, the draft stays.
        alicePage.css("#message-input").sendKeys(Keys.ARROW_UP);
        alicePage.await(() -> alicePage.draft().equals("Delete me"));
        assertThat(alicePage.css("#composer-context").isDisplayed()).isTrue();
        alicePage.css("#message-input").sendKeys(Keys.ESCAPE);
        assertThat(alicePage.draft()).isEmpty();
        assertThat(alicePage.css("#composer-context").isDisplayed()).isFalse();

        // Edit the first one from its actions: the friend sees the new text and "(edited)".
        WebElement first = alicePage.awaitMessage("See you at 9");
        new Actions(alicePage.driver()).moveToElement(first).perform();
        first.findElement(By.cssSelector(".actions [data-action=edit]")).click();
        WebElement input = alicePage.css("#message-input");
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), "See you at **10**", Keys.ENTER);
        WebElement edited = bobPage.awaitMessage("See you at 10");
        assertThat(edited.findElement(By.cssSelector(".body strong")).getText()).isEqualTo("10");
        bobPage.await(() -> edited.findElement(By.className("edited")).isDisplayed());
        edited.findElement(By.className("edited")).click();
        bobPage.await(() -> bobPage.css("#version-list").getText().contains("See you at **10**"));
        assertThat(bobPage.driver().findElements(By.cssSelector("#version-list li.version")))
                .extracting(WebElement::getText)
                .anySatisfy(text -> assertThat(text).contains("See you at 9"));
        bobPage.css("#versions-dialog [data-close]").click();

        // Bob reacts from the keyboard: the picker opens, a search, arrows, Enter.
        WebElement forBob = bobPage.awaitMessage("See you at 10");
        new Actions(bobPage.driver()).moveToElement(forBob).perform();
        forBob.findElement(By.cssSelector(".actions [data-action=react]")).sendKeys(Keys.ENTER);
        bobPage.await(() -> bobPage.css("#emoji-picker").isDisplayed());
        WebElement search = bobPage.driver().switchTo().activeElement();
        assertThat(search.getDomAttribute("class")).isEqualTo("emoji-search");
        search.sendKeys("thumbs");
        bobPage.await(() -> bobPage.css("#emoji-grid [role=option][aria-selected=true]")
                .getDomAttribute("aria-label")
                .equals("thumbs up"));
        search.sendKeys(Keys.ARROW_RIGHT);
        assertThat(bobPage.css("#emoji-grid [aria-selected=true]").getDomAttribute("aria-label"))
                .isEqualTo("thumbs down");
        search.sendKeys(Keys.ARROW_LEFT, Keys.ENTER);
        bobPage.await(() -> !bobPage.css("#emoji-picker").isDisplayed());
        alicePage.await(() -> alicePage
                        .awaitMessage("See you at 10")
                        .findElements(By.cssSelector("button.reaction"))
                        .size()
                == 1);
        WebElement reaction = alicePage.awaitMessage("See you at 10").findElement(By.cssSelector("button.reaction"));
        assertThat(reaction.getDomAttribute("data-emoji")).isEqualTo("👍");
        assertThat(reaction.findElement(By.className("reaction-count")).getText())
                .isEqualTo("1");
        assertThat(reaction.getDomAttribute("data-tip")).isEqualTo("Bob reacted with 👍");
        assertThat(reaction.getDomAttribute("aria-pressed")).isEqualTo("false");
        // Recently used comes first the next time the picker opens.
        WebElement other = bobPage.awaitMessage("Delete me");
        new Actions(bobPage.driver()).moveToElement(other).perform();
        other.findElement(By.cssSelector(".actions [data-action=react]")).sendKeys(Keys.ENTER);
        bobPage.await(() -> bobPage.css("#emoji-grid .emoji-group").getText().equals("Recently used"));
        assertThat(bobPage.css("#emoji-grid [role=option]").getText()).isEqualTo("👍");
        bobPage.shoot("#emoji-picker", "client-emoji-picker.png");
        bobPage.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);

        // Alice adds hers by clicking the reaction: 2, pressed, both named.
        reaction.click();
        alicePage.await(() -> alicePage
                .awaitMessage("See you at 10")
                .findElement(By.cssSelector("button.reaction .reaction-count"))
                .getText()
                .equals("2"));
        WebElement both = alicePage.awaitMessage("See you at 10").findElement(By.cssSelector("button.reaction"));
        assertThat(both.getDomAttribute("aria-pressed")).isEqualTo("true");
        assertThat(both.getDomAttribute("data-tip")).isEqualTo("Bob, You reacted with 👍");

        // Bob has read everything: Alice sees "Seen" under her last message, and only there.
        alicePage.await(() -> !alicePage
                .driver()
                .findElements(By.cssSelector("#message-items .receipt:not([hidden])"))
                .isEmpty());
        List<WebElement> seen =
                alicePage.driver().findElements(By.cssSelector("#message-items .receipt:not([hidden])"));
        assertThat(seen).hasSize(1);
        assertThat(seen.getFirst().getText()).isEqualTo("Seen");
        assertThat(seen.getFirst().findElement(By.xpath("..")).getDomAttribute("data-key"))
                .isEqualTo(alicePage.awaitMessage("Delete me").getDomAttribute("data-key"));
        // The pointer away from the bubble, so the picture shows "(edited)" rather than a tooltip.
        new Actions(alicePage.driver())
                .moveToElement(alicePage.css("#chat-title"))
                .perform();
        alicePage.shoot("main.chat", "client-edit-react-seen.png");

        // Delete, confirmed in a dialog: a tombstone for both, the text gone from the server.
        WebElement doomed = alicePage.awaitMessage("Delete me");
        new Actions(alicePage.driver()).moveToElement(doomed).perform();
        doomed.findElement(By.cssSelector(".actions [data-action=delete]")).click();
        alicePage.await(() -> alicePage.css("#confirm-dialog").isDisplayed());
        alicePage.css("#confirm-dialog button[value=cancel]").click();
        assertThat(alicePage.findMessage("Delete me")).isNotNull();
        doomed.findElement(By.cssSelector(".actions [data-action=delete]")).click();
        alicePage.await(() -> alicePage.css("#confirm-dialog").isDisplayed());
        alicePage.css("#confirm-ok").click();
        bobPage.await(() -> bobPage.findMessage("Delete me") == null
                && bobPage.driver()
                                .findElements(By.cssSelector("#message-items li.message.deleted"))
                                .size()
                        == 1);
        assertThat(bobPage.css("#message-items li.message.deleted .body").getText())
                .isEqualTo("This message was deleted.");
        assertThat(alice.api()
                        .get("/api/conversations/" + direct + "/messages")
                        .expect(200)
                        .body())
                .doesNotContain("Delete me");
        bobPage.assertNothingRanAndNoCspReport();
    }

    @Test
    void replyQuotesTheOriginalAndJumpsToItFarBackInHistory() throws Exception {
        Person alice = person("Alice");
        Person bob = person("Bob");
        long direct = alice.befriend(bob);
        long original = alice.send(direct, "Where shall we meet?").path("id").asLong();
        // More than a page (50) in between: the original is not loaded when the reply is.
        for (int i = 1; i <= 60; i++) {
            (i % 2 == 0 ? alice : bob).send(direct, "chatter " + i);
        }
        bob.api()
                .post(
                        "/api/conversations/" + direct + "/messages",
                        Map.of("body", "At the station", "replyTo", original))
                .expect(201);

        ChatPage alicePage = page("first").signIn(alice);
        alicePage.open("friends", "Bob");
        WebElement reply = alicePage.awaitMessage("At the station");
        WebElement quote = reply.findElement(By.className("reply-quote"));
        assertThat(quote.getText()).contains("You").contains("Where shall we meet?");
        assertThat(alicePage.findMessage("Where shall we meet?")).isNull();
        quote.click();
        WebElement jumped = alicePage.awaitMessage("Where shall we meet?");
        alicePage.await(() -> jumped.getDomAttribute("class").contains("highlight"));
        assertThat(((org.openqa.selenium.JavascriptExecutor) alicePage.driver())
                        .executeScript(
                                "const r = arguments[0].getBoundingClientRect();"
                                        + " const m = document.getElementById('messages').getBoundingClientRect();"
                                        + " return r.top >= m.top && r.bottom <= m.bottom",
                                jumped))
                .isEqualTo(true);
        // The page around it is not the newest: a way back to the latest.
        alicePage.css("#message-items button.latest").click();
        alicePage.awaitMessage("At the station");

        // Replying from the browser: the quote goes with the message.
        WebElement last = alicePage.awaitMessage("At the station");
        new Actions(alicePage.driver()).moveToElement(last).perform();
        last.findElement(By.cssSelector(".actions [data-action=reply]")).click();
        alicePage.await(() -> alicePage.css("#composer-context-text").getText().startsWith("Replying to Bob"));
        alicePage.send("Perfect, see you there");
        WebElement mine = alicePage.awaitMessage("Perfect, see you there");
        alicePage.await(() -> mine.findElement(By.className("reply-quote")).isDisplayed());
        assertThat(mine.findElement(By.className("reply-quote")).getText()).contains("At the station");
        alicePage.shoot("main.chat", "client-reply.png");
    }

    @Test
    void mentionsCompleteHighlightCountInTheBadgeAndGroupReceiptsNameTheReaders() throws Exception {
        Person alice = person("Alice");
        Person bob = person("Bob");
        Person carol = person("Carol");
        alice.befriend(bob);
        alice.befriend(carol);
        long group = alice.createGroup("Trio", bob, carol);

        ChatPage alicePage = page("first").signIn(alice);
        ChatPage carolPage = page("second").signIn(carol);
        carolPage.showTab("groups");
        alicePage.open("groups", "Trio");

        alicePage.type("Lunch, @Ca");
        alicePage.await(() -> alicePage.css("#mention-list").isDisplayed());
        assertThat(alicePage.css("#mention-list").getText()).contains("Carol").doesNotContain("Bob");
        alicePage.css("#message-input").sendKeys(Keys.TAB);
        assertThat(alicePage.draft()).isEqualTo("Lunch, @" + carol.username() + " ");
        alicePage.type("and @");
        alicePage.await(() -> alicePage.css("#mention-list").getText().contains("Everyone"));
        alicePage.type("Bo");
        alicePage.await(() -> !alicePage.css("#mention-list").getText().contains("Everyone"));
        alicePage.css("#message-input").sendKeys(Keys.ENTER);
        alicePage.type("?");
        alicePage.css("#message-input").sendKeys(Keys.ENTER);
        String body = "Lunch, @" + carol.username() + " and @" + bob.username() + " ?";
        WebElement sent = alicePage.awaitMessage(body);
        assertThat(sent.findElements(By.cssSelector(".body .mention"))).hasSize(2);

        // Carol's badge counts the mention; in the message her name stands out as hers.
        carolPage.await(() ->
                carolPage.row("Trio").findElement(By.className("mention-badge")).isDisplayed());
        carolPage.awaitBadge("Trio", 1);
        assertThat(carol.listed(group).path("unreadMentions").asLong()).isEqualTo(1);
        carolPage.open("groups", "Trio");
        WebElement forCarol = carolPage.awaitMessage(body);
        assertThat(forCarol.findElement(By.cssSelector(".mention.me")).getText())
                .isEqualTo("@" + carol.username());
        carolPage.await(() -> !carolPage
                .row("Trio")
                .findElement(By.className("mention-badge"))
                .isDisplayed());

        // Bob reads it too (through the API): "Seen by 2", naming both on focus.
        bob.api()
                .post(
                        "/api/conversations/" + group + "/read",
                        Map.of("seq", Long.parseLong(sent.getDomAttribute("data-seq"))))
                .expect(200);
        alicePage.await(() ->
                alicePage.css("#message-items .receipt:not([hidden])").getText().equals("Seen by 2"));
        WebElement receipt = alicePage.css("#message-items .receipt:not([hidden])");
        assertThat(receipt.getDomAttribute("data-tip")).contains("Bob").contains("Carol");
        // Focused, as a keyboard user would: the names show (the screenshot has them).
        alicePage.driver().executeScript("arguments[0].focus()", receipt);
        alicePage.shoot("main.chat", "client-mentions-seen-by.png");

        // Sharing turned off: Alice no longer sees anyone's receipts.
        alicePage.css("#receipts-toggle").click();
        alicePage.await(() -> "false".equals(alicePage.css("#receipts-toggle").getDomAttribute("aria-pressed")));
        alicePage.await(() -> alicePage
                .driver()
                .findElements(By.cssSelector("#message-items .receipt:not([hidden])"))
                .isEmpty());
        assertThat(alice.api()
                        .get("/api/me")
                        .expect(200)
                        .json()
                        .path("shareReadReceipts")
                        .asBoolean())
                .isFalse();
    }

    @Test
    void formattingIsBuiltFromTextAndHostileMessagesStayHarmless() throws Exception {
        Person reader = person("Reader");
        Person writer = person("Writer");
        long direct = reader.befriend(writer);
        List<String> hostile = List.of(
                "**bold** *italic* ~~struck~~ `code <b>x</b>` and https://example.org/a_(b) ok",
                "> quoted **text**\n```\n<script>window.__pwned = 1</script>\n<img src=x onerror=\"window.__pwned = 2\">\n```",
                "javascript:alert(1) data:text/html,<script>alert(2)</script> [click](javascript:alert(3))"
                        + " <a href=\"javascript:alert(4)\">x</a> http://ok.example/?q=\"><script>alert(5)</script>",
                "**unbalanced *nested ~~marks `and ** stray_ _under_scores",
                "https://evil.example/\u202Egnp.exe and \u202Ereversed text",
                "x".repeat(3000));
        for (String body : hostile) {
            writer.send(direct, body);
        }
        // Unread when opened: a "New" divider above the first of them.
        ChatPage page = page("first").signIn(reader, "?transport=bogus");
        assertThat(page.statusText()).contains("unknown transport \"bogus\"");
        page.open("friends", "Writer");
        page.await(() -> page.driver()
                        .findElements(By.cssSelector("#message-items li.message"))
                        .size()
                == hostile.size());
        List<WebElement> items = page.driver().findElements(By.cssSelector("#message-items > li"));
        int divider = indexOf(items, "unread-divider");
        assertThat(divider).isPositive();
        assertThat(items.get(divider + 1).getDomAttribute("class")).contains("message");

        WebElement first = message(page, hostile.get(0));
        assertThat(first.findElement(By.cssSelector(".body strong")).getText()).isEqualTo("bold");
        assertThat(first.findElement(By.cssSelector(".body em")).getText()).isEqualTo("italic");
        assertThat(first.findElement(By.cssSelector(".body del")).getText()).isEqualTo("struck");
        assertThat(first.findElement(By.cssSelector(".body code")).getText()).isEqualTo("code <b>x</b>");
        WebElement link = first.findElement(By.cssSelector(".body a"));
        assertThat(link.getDomAttribute("href")).isEqualTo("https://example.org/a_(b)");
        assertThat(link.getDomAttribute("rel")).isEqualTo("noopener noreferrer nofollow");

        WebElement second = message(page, hostile.get(1));
        assertThat(second.findElement(By.cssSelector(".body blockquote strong")).getText())
                .isEqualTo("text");
        assertThat(second.findElement(By.cssSelector(".body pre code")).getText())
                .startsWith("<script>");

        // Only http(s) URLs become links; the rest is text.
        List<WebElement> links = page.driver().findElements(By.cssSelector("#message-items .body a"));
        assertThat(links).allSatisfy(a -> {
            assertThat(a.getDomAttribute("href")).matches("https?://.*");
            assertThat(a.getDomAttribute("rel")).isEqualTo("noopener noreferrer nofollow");
        });
        WebElement third = message(page, hostile.get(2));
        assertThat(third.findElements(By.cssSelector(".body a")))
                .extracting(a -> a.getDomAttribute("href"))
                .containsExactly("http://ok.example/?q=");
        assertThat(page.driver().findElements(By.cssSelector("#message-items .body script, #message-items .body img")))
                .isEmpty();
        assertThat(message(page, hostile.get(3))
                        .findElement(By.className("body"))
                        .getText())
                .contains("stray_")
                .contains("under_scores");
        // A right-to-left override ends the link, so its text cannot disguise where it goes.
        WebElement rtl = message(page, hostile.get(4));
        assertThat(rtl.findElement(By.cssSelector(".body a")).getDomProperty("textContent"))
                .isEqualTo("https://evil.example/");
        // A 3,000-character word wraps inside its bubble instead of widening the page.
        assertThat(page.script("const m = document.getElementById('messages'); return m.scrollWidth <= m.clientWidth"))
                .isEqualTo(true);
        page.shoot("main.chat", "client-formatting.png");

        // On a phone the composer stays one line high and the subtitle one line long.
        var driver = page.driver();
        var desktop = driver.manage().window().getSize();
        try {
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(390, 800));
            page.await(() -> !page.css(".sidebar").isDisplayed());
            assertThat(page.css("#message-input").getSize().getHeight()).isLessThan(60);
            WebElement subtitle = page.css("#chat-subtitle");
            assertThat(subtitle.getSize().getHeight()).isLessThan(2 * 18);
            assertThat(page.script("return document.documentElement.scrollWidth <= window.innerWidth"))
                    .isEqualTo(true);
        } finally {
            driver.manage().window().setSize(desktop);
        }
        page.assertNothingRanAndNoCspReport();
    }

    // --- helpers ----------------------------------------------------------------------------

    /** The message whose raw text is {@code body} (formatting changes what the bubble shows). */
    private static WebElement message(ChatPage page, String body) {
        return page.driver().findElements(By.cssSelector("#message-items li.message")).stream()
                .filter(m -> body.equals(m.findElement(By.className("body")).getDomAttribute("data-text")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("No message " + body));
    }

    private static int indexOf(List<WebElement> items, String className) {
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).getDomAttribute("class").contains(className)) {
                return i;
            }
        }
        return -1;
    }
}
