package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.ServerProcess;
import org.tidings.testing.TempDirs;
import tools.jackson.databind.JsonNode;

/**
 * The client through a server crash: the server runs in its own JVM, is killed with SIGKILL
 * and started again on the same port and data, while two people have the chat open.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserReconnectTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    static ServerProcess server;

    @BeforeAll
    static void startServer() {
        server = new ServerProcess(Map.of(
                        "tidings.db.data-dir",
                        TempDirs.create("tidings-browser").toString()))
                .start();
    }

    @AfterAll
    static void stopServer() {
        // kill, not close: the browsers (quit only after this) still hold streams open, which a
        // graceful stop would wait for until close() gives up after 10 s; nothing here needs one.
        server.kill();
    }

    @Test
    void aMessageWrittenWhileTheServerIsDownGoesOutOnceItIsBack() {
        Person alice = Person.signUp(server.port(), "Alice");
        Person bob = Person.signUp(server.port(), "Bob");
        long direct = alice.befriend(bob);
        ChatPage alicePage = new ChatPage(browsers.get("alice"), server.baseUrl()).signIn(alice);
        ChatPage bobPage = new ChatPage(browsers.get("bob"), server.baseUrl()).signIn(bob);
        alicePage.open("friends", "Bob");
        bobPage.open("friends", "Alice");

        server.kill();
        alicePage.await(() -> !"live".equals(alicePage.connectionState()));
        String text = "written while the server was down";
        alicePage.send(text);
        alicePage.await(() -> "waiting".equals(alicePage.deliveryState(text)));
        assertThat(alicePage
                        .awaitMessage(text)
                        .findElement(By.className("retry"))
                        .isDisplayed())
                .isTrue();

        server.start();
        bobPage.awaitMessage(text);
        alicePage.await(() -> "sent".equals(alicePage.deliveryState(text)));
        alicePage.awaitLive();
        bobPage.awaitLive();
        JsonNode history = bob.api()
                .get("/api/conversations/" + direct + "/messages")
                .expect(200)
                .json();
        assertThat(history.path("messages")
                        .valueStream()
                        .map(m -> m.path("body").asString()))
                .containsExactly(text);

        // And the stream carries on after the restart, both ways.
        bobPage.send("welcome back");
        alicePage.awaitMessage("welcome back");
    }
}
