package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Browsers;
import org.tidings.testing.Names;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;

/** Public rooms and invite links in the browser client, against the real server. */
@SqliteServer
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BrowserRoomsTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    ChatPage page(String browser) {
        return new ChatPage(browsers.get(browser), "http://localhost:" + port);
    }

    @Test
    void someoneFindsARoomPreviewsItJoinsReadsItsHistoryAndLeaves() throws Exception {
        Person owner = Person.signUp(port, "owner");
        String name = Names.unique("Hikers");
        long room = owner.createGroup(name);
        owner.api()
                .patch("/api/groups/" + room, Map.of("visibility", "public", "description", "Trails <b>and</b> peaks"))
                .expect(200);
        owner.send(room, "said before you came");
        owner.createGroup(name + " private");

        ChatPage page = page("walker");
        page.signIn(Person.signUp(port, "walker"));
        page.showTab("groups");
        page.css("#browse-rooms").click();
        page.fill("#room-search", name);
        // Only the public one is listed: the private group with the same prefix is not.
        page.await(() -> page.driver()
                                .findElements(By.cssSelector("#room-list button.room"))
                                .size()
                        == 1
                && name.equals(page.css("#room-list .room-name").getText()));
        page.css("#room-list button.room").click();
        page.await(() -> page.css("#room-preview").isDisplayed());
        // The description is text, never markup.
        assertThat(page.css("#room-preview .room-description").getText()).isEqualTo("Trails <b>and</b> peaks");
        assertThat(page.css("#room-preview .room-meta").getText()).contains("1 member");
        page.shoot("#rooms-dialog", "client-rooms.png");
        page.css("#room-preview [data-action=join]").click();

        page.await(() -> name.equals(page.title()));
        page.awaitMessage("said before you came");
        owner.send(room, "welcome aboard");
        page.awaitMessage("welcome aboard");
        assertThat(owner.conversation(room).json().path("memberCount").asInt()).isEqualTo(2);

        page.css("#browse-rooms").click();
        page.fill("#room-search", name);
        page.await(() -> page.css("#room-list .room-meta").getText().contains("joined"));
        page.css("#room-list button.room").click();
        page.await(() -> page.css("#room-preview [data-action=leave]").isDisplayed());
        page.css("#room-preview [data-action=leave]").click();
        page.await(() -> page.css("#room-preview [data-action=join]").isDisplayed());
        page.css("#rooms-dialog [data-close]").click();
        page.await(() -> !page.hasRow(name));
        assertThat(owner.conversation(room).json().path("memberCount").asInt()).isEqualTo(1);
        page.assertNothingRanAndNoCspReport();
    }

    @Test
    void anInviteLinkBringsANewUserThroughSignUpIntoThePrivateGroup() throws Exception {
        Person owner = Person.signUp(port, "owner");
        String name = Names.unique("Family");
        long group = owner.createGroup(name);
        owner.send(group, "family news");

        ChatPage ownerPage = page("owner");
        ownerPage.signIn(owner);
        ownerPage.open("groups", name);
        ownerPage.css("#members-button").click();
        ownerPage.await(() -> ownerPage.css("#invite-link-button").isDisplayed());
        // The owner switches the group public and back; the server follows.
        ownerPage.css("#room-public").click();
        ownerPage.await(() -> "public"
                .equals(owner.conversation(group).json().path("visibility").asString()));
        ownerPage.await(() -> ownerPage.css("#room-public").isEnabled());
        ownerPage.css("#room-public").click();
        ownerPage.await(() -> "private"
                .equals(owner.conversation(group).json().path("visibility").asString()));

        ownerPage.css("#invite-link-button").click();
        ownerPage.await(() -> ownerPage.css("#invite-form").isDisplayed());
        ownerPage.css("#invite-form button[type=submit]").click();
        ownerPage.await(() -> ownerPage.css("#invite-created").isDisplayed());
        String url = ownerPage.css("#invite-url").getDomProperty("value");
        assertThat(url).startsWith("http://localhost:" + port + "/#/invite/");
        ownerPage.css("#invite-copy").click();
        ownerPage.await(() -> "Copied".equals(ownerPage.css("#invite-copied").getText()));
        ownerPage.await(() -> ownerPage
                        .driver()
                        .findElements(By.cssSelector("#invite-list li.group-invite"))
                        .size()
                == 1);
        ownerPage.shoot("#invite-dialog", "client-invite-link.png");

        ChatPage newcomer = page("newcomer");
        newcomer.signedOut("");
        newcomer.driver().get(url);
        newcomer.await(() -> newcomer.css("#invite-note").isDisplayed());
        // The token left the address bar; it waits in this tab for the sign-up.
        assertThat(newcomer.driver().getCurrentUrl()).doesNotContain("invite");
        newcomer.css("#sign-in-form [data-show=sign-up]").click();
        newcomer.fill("#sign-up-form input[name=username]", Names.unique("cousin"));
        newcomer.fill("#sign-up-form input[name=displayName]", "Cousin");
        newcomer.fill("#sign-up-form input[name=password]", "correct horse");
        newcomer.css("#sign-up-form button[type=submit]").click();
        newcomer.awaitLive();

        newcomer.await(() -> name.equals(newcomer.title()));
        newcomer.awaitMessage("family news");
        assertThat(owner.conversation(group).json().path("memberCount").asInt()).isEqualTo(2);
        WebElement uses = ownerPage.css("#invite-list li.group-invite .group-invite-what");
        assertThat(uses.getText()).contains("By ");

        // A second visit with the same (used) link, signed in: the preview says it is already joined.
        newcomer.driver().get(url);
        newcomer.await(() -> newcomer.css("#invite-preview").isDisplayed());
        newcomer.await(() -> "Open group".equals(newcomer.css("#invite-join").getText()));
        assertThat(newcomer.css("#invite-preview-text").getText()).isEqualTo(name);
        newcomer.css("#invite-preview [data-close]").click();

        // The owner bans the newcomer from the Members dialog: the group leaves their list, and
        // the link no longer lets them in.
        ownerPage.css("#invite-dialog [data-close]").click();
        ownerPage.css("#bans summary").click();
        ownerPage.await(() -> ownerPage.css("#ban-choice").getText().contains("Cousin"));
        ownerPage.css("#ban-button").click();
        newcomer.await(() -> !newcomer.hasRow(name));
        ownerPage.await(() -> ownerPage.css("#ban-list").getText().contains("Cousin"));
        newcomer.driver().get(url);
        newcomer.await(() -> "Join group".equals(newcomer.css("#invite-join").getText()));
        newcomer.css("#invite-join").click();
        newcomer.await(
                () -> newcomer.css("#invite-preview .form-error").getText().contains("banned"));

        ownerPage.css("#ban-list button.lift").click();
        ownerPage.await(() ->
                ownerPage.driver().findElements(By.cssSelector("#ban-list li")).isEmpty());
        newcomer.css("#invite-join").click();
        newcomer.await(() -> name.equals(newcomer.title()));
        newcomer.assertNothingRanAndNoCspReport();
        ownerPage.assertNothingRanAndNoCspReport();
    }
}
