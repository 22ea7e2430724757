package org.tidings.lab;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

/**
 * The transport lab at {@code /lab}: a page (static/lab.html, lab.js, lab.css) that follows the
 * signed-in user's stream over all four transports at once and shows each one's latency, bytes
 * and requests. Static resources are served under their file names; this gives the page its
 * short address.
 */
@Configuration(proxyBeanMethods = false)
class LabRoute {

    private static final Resource PAGE = new ClassPathResource("static/lab.html");

    @Bean
    RouterFunction<ServerResponse> labPage() {
        return RouterFunctions.route()
                .GET(
                        "/lab",
                        request -> ServerResponse.ok()
                                .contentType(MediaType.TEXT_HTML)
                                .header("Cache-Control", "no-cache")
                                .bodyValue(PAGE))
                .build();
    }
}
