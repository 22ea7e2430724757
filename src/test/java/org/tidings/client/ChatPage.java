package org.tidings.client;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;

/** The browser client as one person sees it, driven the way they would: clicks and keys. */
final class ChatPage {

    // The machine is shared, and a reconnect after a restart waits out a backoff of up to 10 s.
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    private final ChromeDriver driver;
    private final String baseUrl;

    ChatPage(ChromeDriver driver, String baseUrl) {
        this.driver = driver;
        this.baseUrl = baseUrl;
    }

    ChromeDriver driver() {
        return driver;
    }

    /** Opens the client with no one signed in; {@code query} is e.g. "?transport=sse" or "". */
    ChatPage signedOut(String query) {
        // Through DevTools: WebDriver can only clear the cookies of the site that is open.
        driver.executeCdpCommand("Network.clearBrowserCookies", java.util.Map.of());
        driver.get(baseUrl + "/" + query);
        await(() -> driver.findElement(By.id("sign-in-form")).isDisplayed());
        return this;
    }

    ChatPage signIn(Person person) {
        return signIn(person, "");
    }

    ChatPage signIn(Person person, String query) {
        signedOut(query);
        fill("#sign-in-form input[name=username]", person.username());
        fill("#sign-in-form input[name=password]", "correct horse");
        css("#sign-in-form button[type=submit]").click();
        awaitLive();
        return this;
    }

    void signUp(String username, String displayName, String password) {
        signedOut("");
        css("#sign-in-form [data-show=sign-up]").click();
        fill("#sign-up-form input[name=username]", username);
        fill("#sign-up-form input[name=displayName]", displayName);
        fill("#sign-up-form input[name=password]", password);
        css("#sign-up-form button[type=submit]").click();
        awaitLive();
    }

    void signOut() {
        css("#sign-out").click();
        await(() -> css("#sign-in-form").isDisplayed());
    }

    void awaitLive() {
        await(() -> "live".equals(css("#status").getDomAttribute("data-state")));
    }

    String connectionState() {
        return css("#status").getDomAttribute("data-state");
    }

    String transport() {
        return css("#status").getDomAttribute("data-transport");
    }

    String statusText() {
        return css("#status").getText();
    }

    // --- friends ------------------------------------------------------------------------

    void showTab(String tab) {
        css("#tab-" + tab).click();
    }

    void requestFriend(String username) {
        showTab("friends");
        fill("#friend-username", username);
        css("#friend-username").sendKeys(Keys.ENTER);
        await(() -> requestRow(username) != null);
    }

    void acceptRequestFrom(String username) {
        showTab("friends");
        await(() -> requestRow(username) != null);
        requestRow(username)
                .findElement(By.cssSelector("button[data-action=accept]"))
                .click();
    }

    private WebElement requestRow(String username) {
        return driver.findElements(By.cssSelector("#request-list li")).stream()
                .filter(row -> row.getText().contains("@" + username))
                .findFirst()
                .orElse(null);
    }

    // --- conversations ------------------------------------------------------------------

    /** The list row (a button) of the conversation with this title, waiting for it to appear. */
    WebElement row(String title) {
        await(() -> findRow(title) != null);
        return findRow(title);
    }

    boolean hasRow(String title) {
        return findRow(title) != null;
    }

    private WebElement findRow(String title) {
        return driver.findElements(By.cssSelector("button.conversation")).stream()
                .filter(row ->
                        title.equals(row.findElement(By.className("name")).getDomProperty("textContent")))
                .findFirst()
                .orElse(null);
    }

    /** The unread badge of a conversation's row; 0 when hidden. */
    int badge(String title) {
        return count(row(title).findElement(By.className("badge")));
    }

    /** A badge reads "3 unread" to screen readers and shows "3"; hidden means none. */
    static int count(WebElement badge) {
        if (!badge.isDisplayed()) {
            return 0;
        }
        var digits = java.util.regex.Pattern.compile("^\\d+").matcher(badge.getDomProperty("textContent"));
        return digits.find() ? Integer.parseInt(digits.group()) : -1;
    }

    void awaitBadge(String title, int count) {
        await(() -> {
            WebElement row = findRow(title);
            return row != null && count(row.findElement(By.className("badge"))) == count;
        });
    }

    boolean isOnline(String title) {
        return row(title)
                .findElement(By.className("presence"))
                .getDomAttribute("class")
                .contains("online");
    }

    void open(String tab, String title) {
        showTab(tab);
        row(title).click();
        await(() -> title.equals(css("#chat-title").getText()));
    }

    String title() {
        return css("#chat-title").getText();
    }

    // --- messages -----------------------------------------------------------------------

    /** Types and presses Enter; lines after the first are joined with Shift+Enter. */
    void send(String text) {
        WebElement input = css("#message-input");
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (i > 0) {
                input.sendKeys(Keys.chord(Keys.SHIFT, Keys.ENTER));
            }
            input.sendKeys(lines[i]);
        }
        input.sendKeys(Keys.ENTER);
    }

    void type(String text) {
        css("#message-input").sendKeys(text);
    }

    String draft() {
        return css("#message-input").getDomProperty("value");
    }

    /** The open conversation's message bubbles, oldest first. */
    List<WebElement> messages() {
        return driver.findElements(By.cssSelector("#message-items li.message"));
    }

    WebElement awaitMessage(String body) {
        await(() -> findMessage(body) != null);
        return findMessage(body);
    }

    WebElement findMessage(String body) {
        return messages().stream()
                .filter(message ->
                        body.equals(message.findElement(By.className("body")).getDomProperty("textContent")))
                .findFirst()
                .orElse(null);
    }

    /** sent, pending, waiting or failed. */
    String deliveryState(String body) {
        return awaitMessage(body).getDomAttribute("data-state");
    }

    String typingLine() {
        return css("#typing").getText();
    }

    boolean newMessagesMarkerShown() {
        return css("#new-messages").isDisplayed();
    }

    /**
     * No markup from a message ran (no {@code window.__pwned}, no alert), and the page logged no
     * Content-Security-Policy report and no uncaught error.
     */
    void assertNothingRanAndNoCspReport() {
        org.assertj.core.api.Assertions.assertThat(script("return window.__pwned === undefined"))
                .isEqualTo(true);
        try {
            driver.switchTo().alert();
            throw new AssertionError("An alert opened: markup from a message ran");
        } catch (org.openqa.selenium.NoAlertPresentException expected) {
            // Nothing ran.
        }
        org.assertj.core.api.Assertions.assertThat(driver.manage()
                        .logs()
                        .get(org.openqa.selenium.logging.LogType.BROWSER)
                        .getAll())
                .extracting(org.openqa.selenium.logging.LogEntry::getMessage)
                .noneMatch(line -> line.contains("Content Security Policy") || line.contains("Uncaught"));
    }

    /**
     * Saves one part of the page for docs/client.md: under target/, and in the directory named by
     * {@code -Dtidings.screenshots} (docs) when set.
     */
    void shoot(String selector, String name) throws IOException {
        Path shot = Browsers.ARTIFACTS.resolve(name);
        Files.createDirectories(shot.getParent());
        Files.write(shot, css(selector).getScreenshotAs(OutputType.BYTES));
        // The docs carry these images: keep each small.
        org.assertj.core.api.Assertions.assertThat(Files.size(shot)).isLessThan(200 * 1024);
        String target = System.getProperty("tidings.screenshots");
        if (target != null) {
            Files.copy(shot, Path.of(target, name), StandardCopyOption.REPLACE_EXISTING);
        }
    }

    Object script(String script) {
        return ((JavascriptExecutor) driver).executeScript(script);
    }

    // --- plumbing -----------------------------------------------------------------------

    /** Undoes a change to the browser; try-with-resources friendly. */
    interface Undo extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Runs {@code source} in every page this browser loads from now on, before the page's own
     * modules (through DevTools, so the page's CSP does not apply), until closed.
     */
    Undo injectBeforeLoad(String source) {
        Object id = driver.executeCdpCommand(
                        "Page.addScriptToEvaluateOnNewDocument", java.util.Map.of("source", source))
                .get("identifier");
        return () -> driver.executeCdpCommand(
                "Page.removeScriptToEvaluateOnNewDocument", java.util.Map.of("identifier", id));
    }

    WebElement css(String selector) {
        return driver.findElement(By.cssSelector(selector));
    }

    void fill(String selector, String text) {
        WebElement input = css(selector);
        input.clear();
        input.sendKeys(text);
    }

    /** Waits for a condition; element lookups that fail meanwhile count as "not yet". */
    void await(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(driver, PATIENCE)
                .ignoring(org.openqa.selenium.NoSuchElementException.class)
                .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
                .until(d -> condition.getAsBoolean());
    }
}
