package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.tidings.testing.Api;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;
import tools.jackson.databind.JsonNode;

/**
 * The server page in the browser (issue 16): an administrator opens it, sees the figures and a
 * chart that has drawn points, starts a backup, watches it finish and finds it in the list.
 */
@SqliteServer
@TestPropertySource(properties = "tidings.admin.usernames=" + BrowserServerPageTest.CHIEF)
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class BrowserServerPageTest {

    static final String CHIEF = "serverui_chief";

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    @LocalServerPort
    int port;

    @Test
    void administratorSeesTheFiguresAndTakesABackup() throws Exception {
        Person chief = chief();
        Person mia = Person.signUp(port, "Mia");
        Person otto = Person.signUp(port, "Otto");
        long direct = mia.befriend(otto);
        otto.send(direct, "Morning all");

        ChatPage admin = new ChatPage(browsers.get("chief"), "http://localhost:" + port).signIn(chief);
        admin.css("#admin-open").click();
        admin.await(() -> admin.css("#admin").isDisplayed());
        admin.css("#admin-tab-server").click();
        admin.await(() -> admin.css("#server-figures").getText().contains("SQLite"));
        String figures = admin.css("#server-figures").getText();
        assertThat(figures).contains("Users online", "Sends (total)", "created", "Heap", "Registration", "open");

        // A chart has a point at once (users online) and a line after the next refresh.
        admin.await(() -> {
            String points = admin.css("#server-chart-online polyline").getDomAttribute("points");
            return points != null && points.trim().split(" ").length >= 2;
        });

        assertThat(admin.css("#backup-list").getText()).contains("No backups yet");
        admin.css("#backup-start").click();
        admin.await(() -> admin.css("#admin-server .admin-feedback").getText().contains("Backup finished"));
        admin.await(() -> !admin.driver()
                .findElements(By.cssSelector("#backup-list li[data-name] a"))
                .isEmpty());
        JsonNode listed = chief.api().get("/api/admin/backups").expect(200).json();
        assertThat(listed.size()).isEqualTo(1);
        String name = listed.get(0).path("name").asString();
        assertThat(admin.css("#backup-list a").getText()).isEqualTo(name);
        assertThat(admin.css("#backup-list a").getDomAttribute("href")).isEqualTo("/api/admin/backups/" + name);

        // The links lead to the other sections.
        admin.css("#admin-server button[data-goto=audit]").click();
        admin.await(() -> "true".equals(admin.css("#admin-tab-audit").getDomAttribute("aria-selected")));
    }

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
}
