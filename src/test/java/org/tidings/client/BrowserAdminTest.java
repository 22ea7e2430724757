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
import org.tidings.testing.Api;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * The administrators' pages and reporting a message (issue 16), in the browser: an
 * administrator manages the role, the registration policy and invite codes, a member reports a
 * message, the administrator deletes it from the queue, and the audit log shows it. A member never
 * sees the pages. Saves docs/client-admin-reports.png (with -Dtidings.screenshots=docs).
 */
@SqliteServer
// Its own server (the registration policy is server-wide), with a named administrator.
// Two reports per member, so the third meets the rate limit.
@TestPropertySource(
        properties = {"tidings.admin.usernames=" + BrowserAdminTest.CHIEF, "tidings.moderation.report-burst=2"})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserAdminTest {

    static final String CHIEF = "adminui_chief";

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    ChatPage page(String browser) {
        return new ChatPage(browsers.get(browser), "http://localhost:" + port);
    }

    @Test
    void administratorWorksTheQueueAndAMemberReportsAMessage() throws Exception {
        Person chief = chief();
        Person mia = Person.signUp(port, "Mia");
        Person otto = Person.signUp(port, "Otto");
        long direct = mia.befriend(otto);
        otto.send(direct, "Morning all");
        otto.send(direct, "You are all idiots");
        otto.send(direct, "just kidding");

        // A member has no way in, and the server would refuse anyway.
        ChatPage member = page("member").signIn(mia);
        assertThat(member.css("#admin-open").isDisplayed()).isFalse();
        mia.api().get("/api/admin/users").expect(403);

        ChatPage admin = page("chief").signIn(chief);
        admin.css("#admin-open").click();
        admin.await(() -> admin.css("#admin").isDisplayed());
        assertThat(admin.css("main.chat").isDisplayed()).isFalse();

        // Users: grant and revoke the role; the last administrator cannot step down.
        searchUser(admin, mia.username());
        userButton(admin, mia.username(), "grant").click();
        admin.await(() -> userRow(admin, mia.username()).getText().contains("Administrator"));
        userButton(admin, mia.username(), "revoke").click();
        admin.await(() -> !userRow(admin, mia.username()).getText().contains("Administrator"));
        searchUser(admin, CHIEF);
        userButton(admin, CHIEF, "revoke").click();
        admin.await(() -> feedback(admin, "users").contains("at least one administrator"));
        assertThat(admin.css("#admin-users .admin-feedback").getDomAttribute("class"))
                .contains("error");
        assertThat(userRow(admin, CHIEF).getText()).contains("Administrator");

        // The sections are tabs: the arrow keys move between them.
        admin.css("#admin-tab-users").sendKeys(Keys.ARROW_RIGHT);
        admin.await(() -> "true".equals(admin.css("#admin-tab-registration").getDomAttribute("aria-selected")));
        assertThat(admin.driver().switchTo().activeElement().getDomAttribute("id"))
                .isEqualTo("admin-tab-registration");

        // Registration: invite only, and a code with an expiry and a number of uses.
        admin.await(() -> admin.css("#admin-registration input[value=open]").isSelected());
        admin.css("#admin-registration input[value=invite]").click();
        admin.css("#admin-save-policy").click();
        admin.await(() -> feedback(admin, "registration").contains("Invite only"));
        assertThat(mia.api()
                        .get("/api/auth/registration")
                        .expect(200)
                        .json()
                        .path("policy")
                        .asString())
                .isEqualTo("invite");
        admin.fill("#admin-registration input[name=expiresInHours]", "24");
        admin.fill("#admin-registration input[name=maxUses]", "5");
        admin.css("#admin-registration .invite-form button[type=submit]").click();
        admin.await(() -> !admin.driver()
                .findElements(By.cssSelector("#admin-registration li.invite"))
                .isEmpty());
        WebElement invite = admin.css("#admin-registration li.invite");
        String code = invite.findElement(By.className("invite-code")).getDomProperty("value");
        assertThat(code).startsWith("inv_");
        assertThat(invite.getText()).contains("Used 0 of 5");
        JsonNode invites = chief.api().get("/api/admin/invites").expect(200).json();
        assertThat(invites.get(0).path("code").asString()).isEqualTo(code);
        assertThat(invites.get(0).path("maxUses").asInt()).isEqualTo(5);

        // The member reports Otto's message (never their own) with a reason.
        member.open("friends", "Otto");
        member.send("Please stop");
        WebElement own = member.awaitMessage("Please stop");
        member.await(() -> "sent".equals(own.getDomAttribute("data-state")));
        assertThat(own.findElement(By.cssSelector(".actions [data-action=report]"))
                        .isDisplayed())
                .isFalse();
        report(member, "You are all idiots", "Insults everyone");
        member.await(() -> member.css("#chat-error").getText().startsWith("Reported"));
        report(member, "You are all idiots", "Again");
        member.await(() -> member.css("#chat-error").getText().contains("reported this message already"));
        report(member, "just kidding", "Sarcasm");
        member.await(() ->
                member.css("#chat-error").getText().matches("Too many reports for now: try again in \\d+ min\\."));

        // The administrator sees it in the queue, with its context, and deletes it.
        admin.css("#admin-tab-reports").click();
        admin.await(() -> admin.css("#admin-reports li.report").getText().contains("Insults everyone"));
        WebElement report = admin.css("#admin-reports li.report");
        assertThat(report.getText()).contains("@" + mia.username());
        assertThat(report.findElement(By.cssSelector(".context-message.reported .context-body"))
                        .getText())
                .isEqualTo("You are all idiots");
        assertThat(report.findElements(By.cssSelector(".context-message .context-body")))
                .extracting(WebElement::getText)
                .contains("Morning all", "just kidding", "Please stop");
        admin.shoot("#admin", "client-admin-reports.png");
        report.findElement(By.cssSelector("input[name=reason]")).sendKeys("harassment");
        report.findElement(By.cssSelector("button[data-decision=delete_message]"))
                .click();
        admin.await(() -> feedback(admin, "reports").startsWith("Message deleted"));
        admin.await(() -> admin.driver()
                .findElements(By.cssSelector("#admin-reports li.report"))
                .isEmpty());

        // The member's open conversation shows the tombstone.
        member.awaitMessage("This message was deleted.");
        assertThat(member.findMessage("You are all idiots")).isNull();

        // The audit log lists the deletion with its reason, and offers the whole log as CSV.
        admin.css("#admin-tab-audit").click();
        admin.await(() -> !admin.driver()
                .findElements(By.cssSelector("#admin-audit tr[data-action='message.delete']"))
                .isEmpty());
        WebElement deletion = admin.css("#admin-audit tr[data-action='message.delete']");
        assertThat(deletion.getText()).contains("@" + CHIEF).contains("harassment");
        List<String> actions = admin.driver().findElements(By.cssSelector("#admin-audit tbody tr")).stream()
                .map(row -> row.getDomAttribute("data-action"))
                .toList();
        assertThat(actions).contains("admin.grant", "admin.revoke", "registration.policy", "server_invite.create");
        String csv = admin.css("#admin-audit a.button-link").getDomAttribute("href");
        assertThat(csv).isEqualTo("/api/admin/audit.csv");
        assertThat(chief.api().get(csv).expect(200).body()).contains("message.delete");

        // Deactivating Otto marks him on the member's open page at once (user.updated on the
        // stream): in the list, in the header, on his messages; never on the member's own.
        assertThat(member.css("#friend-list .deactivated-tag").isDisplayed()).isFalse();
        chief.api()
                .post("/api/admin/users/" + otto.id() + "/deactivate", Map.of())
                .expect(204);
        member.await(() -> member.css("#friend-list .deactivated-tag").isDisplayed());
        assertThat(member.css("#friend-list .deactivated-tag").getText()).isEqualTo("deactivated");
        member.await(() -> member.css("#chat-subtitle").getText().endsWith("· deactivated"));
        member.await(() -> member.findMessage("Morning all")
                .findElement(By.className("deactivated-tag"))
                .isDisplayed());
        assertThat(member.findMessage("Please stop")
                        .findElement(By.className("deactivated-tag"))
                        .isDisplayed())
                .isFalse();

        // Back to the chat; the member still has no entry.
        admin.css("#admin .chat-header button").click();
        admin.await(() -> admin.css("main.chat").isDisplayed());
        assertThat(member.css("#admin-open").isDisplayed()).isFalse();
        admin.assertNothingRanAndNoCspReport();
        member.assertNothingRanAndNoCspReport();
    }

    /** The account named in tidings.admin.usernames: an administrator from the start. */
    private Person chief() {
        Api api = new Api(port);
        api.post("/api/auth/register", Map.of("username", CHIEF, "password", "correct horse", "displayName", "Chief"))
                .expect(201);
        api.post("/api/auth/login", Map.of("username", CHIEF, "password", "correct horse"))
                .expect(200);
        JsonNode me = api.get("/api/me").expect(200).json();
        assertThat(me.path("isAdmin").asBoolean()).isTrue();
        return new Person(me.path("id").asLong(), CHIEF, "Chief", null, api);
    }

    /** Searches the accounts and waits until the list shows just this one. */
    private static void searchUser(ChatPage page, String username) {
        page.fill("#admin-user-query", username);
        page.css("#admin-user-query").sendKeys(Keys.ENTER);
        page.await(() -> {
            List<WebElement> rows = page.driver().findElements(By.cssSelector("#admin-users li.admin-row"));
            return rows.size() == 1 && username.equals(rows.get(0).getDomAttribute("data-username"));
        });
    }

    private static WebElement userRow(ChatPage page, String username) {
        return page.css("#admin-users li.admin-row[data-username='" + username + "']");
    }

    private static WebElement userButton(ChatPage page, String username, String action) {
        return userRow(page, username).findElement(By.cssSelector("button[data-action=" + action + "]"));
    }

    private static String feedback(ChatPage page, String section) {
        return page.css("#admin-" + section + " .admin-feedback").getText();
    }

    /** Opens the message's actions, picks Report…, gives the reason and sends it. */
    private static void report(ChatPage page, String body, String reason) {
        WebElement message = page.awaitMessage(body);
        new Actions(page.driver()).moveToElement(message).perform();
        message.findElement(By.cssSelector(".actions [data-action=report]")).click();
        page.await(() -> page.css("#report-dialog").isDisplayed());
        assertThat(page.css("#report-quote").getText()).isEqualTo(body);
        page.driver().switchTo().activeElement().sendKeys(reason);
        page.css("#report-dialog button[value=report]").click();
        page.await(() -> !page.css("#report-dialog").isDisplayed());
    }
}
