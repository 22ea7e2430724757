package org.tidings.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tidings.testing.Api;

/** The transport lab is served from the jar, to anyone (it signs in by itself). */
abstract class LabPageContract {

    @LocalServerPort
    int port;

    @Test
    void servesTheLabPageAndItsScript() {
        Api anonymous = new Api(port);
        Api.Response page = anonymous.get("/lab").expect(200);
        assertThat(page.header("Content-Type")).startsWith("text/html");
        assertThat(page.body()).contains("<script src=\"/lab.js\"").doesNotContain("<script>");

        assertThat(anonymous.get("/lab.js").expect(200).header("Content-Type")).contains("javascript");
        assertThat(anonymous.get("/lab.css").expect(200).header("Content-Type")).startsWith("text/css");
    }
}
