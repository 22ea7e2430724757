package org.tidings.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Browsers;
import org.tidings.testing.Person;
import org.tidings.testing.SqliteServer;

/** Each of the four transports, forced in turn, carries the chat; blocked ones are skipped. */
@SqliteServer
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class BrowserTransportTest {

    @RegisterExtension
    static final Browsers browsers = new Browsers();

    /** WebSocket and EventSource that fail to connect, the way a refused handshake does. */
    private static final String BREAK_STREAMING = """
            window.WebSocket = class {
              constructor() {
                setTimeout(() => { this.onerror?.(new Event('error')); this.onclose?.({ code: 1006 }); }, 50);
              }
              close() {}
            };
            window.EventSource = class {
              constructor() { setTimeout(() => this.onerror?.(new Event('error')), 50); }
              close() {}
            };
            """;

    @LocalServerPort
    int port;

    ChatPage page(String browser) {
        return new ChatPage(browsers.get(browser), "http://localhost:" + port);
    }

    @ParameterizedTest
    @ValueSource(strings = {"websocket", "sse", "longpoll", "shortpoll"})
    void aForcedTransportSendsAndReceives(String transport) {
        Person alice = Person.signUp(port, "Alice");
        Person bob = Person.signUp(port, "Bob");
        alice.befriend(bob);
        ChatPage forced = page("forced").signIn(alice, "?transport=" + transport);
        ChatPage other = page("other").signIn(bob);
        assertThat(forced.transport()).isEqualTo(transport);
        assertThat(forced.statusText()).contains("(forced)");

        forced.open("friends", "Bob");
        other.open("friends", "Alice");
        other.send("to you over " + transport);
        forced.awaitMessage("to you over " + transport);
        forced.send("back over " + transport);
        other.awaitMessage("back over " + transport);
        forced.awaitBadge("Bob", 0);
        assertThat(forced.transport()).isEqualTo(transport);
        assertThat(forced.connectionState()).isEqualTo("live");
    }

    @Test
    void fallsBackToTheNextTransportWhenTheBetterOnesCannotConnect() {
        Person alice = Person.signUp(port, "Alice");
        Person bob = Person.signUp(port, "Bob");
        long direct = alice.befriend(bob);
        ChatPage blocked = page("forced");
        // As in a browser behind a proxy that passes neither WebSocket nor streaming responses:
        // both fail to connect, while plain requests go through.
        try (var broken = blocked.injectBeforeLoad(BREAK_STREAMING)) {
            blocked.signIn(alice);
            assertThat(blocked.transport()).isEqualTo("longpoll");
            assertThat(blocked.statusText()).doesNotContain("forced");
            blocked.open("friends", "Bob");
            bob.send(direct, "found you by long poll");
            blocked.awaitMessage("found you by long poll");
        }
    }

    /** The first stream resumes from a cursor of another database, as after a restore from backup. */
    private static final String FOREIGN_CURSOR_ONCE = """
            window.__sockets = 0;
            window.__cursorReads = 0;
            const RealWebSocket = window.WebSocket;
            window.WebSocket = class extends RealWebSocket {
              constructor(url, protocols) {
                window.__sockets++;
                if (window.__sockets === 1) url = url.replace(/after=[^&]*/, 'after=1.0123456789abcdef');
                super(url, protocols);
              }
            };
            const realFetch = window.fetch;
            window.fetch = (input, init) => {
              if (String(input).startsWith('/api/events/cursor')) window.__cursorReads++;
              return realFetch(input, init);
            };
            """;

    @Test
    void anExpiredCursorReloadsTheSnapshotAndFollowsFromNow() {
        Person alice = Person.signUp(port, "Alice");
        Person bob = Person.signUp(port, "Bob");
        long direct = alice.befriend(bob);
        bob.send(direct, "said before");
        ChatPage page = page("forced");
        try (var foreign = page.injectBeforeLoad(FOREIGN_CURSOR_ONCE)) {
            page.signIn(alice);
            // The server refused the foreign cursor (410): the client read a fresh cursor and
            // snapshot, and follows from there.
            assertThat(page.script("return window.__sockets")).isEqualTo(2L);
            assertThat(page.script("return window.__cursorReads")).isEqualTo(2L);
            assertThat(page.transport()).isEqualTo("websocket");
            page.awaitBadge("Bob", 1);
            page.open("friends", "Bob");
            page.awaitMessage("said before");
            bob.send(direct, "said after");
            page.awaitMessage("said after");
        }
    }
}
