package org.tidings.chat;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.core.codec.DecodingException;
import org.springframework.stereotype.Component;
import org.springframework.util.unit.DataSize;
import org.springframework.web.server.ServerWebInputException;
import org.tidings.account.Callers;
import org.tidings.storage.Blocking;
import org.tidings.web.RouteAnswers;
import org.tidings.web.RouteTimers;
import reactor.core.publisher.Mono;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code POST /api/conversations/{id}/messages}, answered by Reactor Netty before WebFlux: every
 * send from a browser on SSE or long poll and from every script is one, and through WebFlux the
 * framework's work cost more than the request's own. The rules are the controller's
 * ({@link MessageController#send}) and the API's: the same credential lookup, the same CSRF rule
 * for cookie callers (the {@code X-XSRF-TOKEN} header equal to the cookie), the send itself with
 * its rate limit, problem+json with the same codes, the same body and headers.
 *
 * <p>Only requests this route answers exactly as WebFlux would are taken; the rest go on to the
 * controller: a query string, a conversation id that is not a plain number, a body that is not
 * {@code application/json} with a length within the JSON body limit, an Accept header that is not
 * plainly JSON, a header the firewall might refuse, and a cookie caller whose CSRF header is
 * missing or wrong (the security chain refuses it) or who has no session cookie.
 */
@Component
class MessageRoute implements NettyRouteProvider {

    private static final String PREFIX = "/api/conversations/";
    private static final String SUFFIX = "/messages";

    /** Longer ids than this might not fit a long; the controller answers them. */
    private static final int MAX_ID_DIGITS = 18;

    private final Callers callers;
    private final Messages messages;
    private final JsonMapper json;
    private final long maxBody;
    private final RouteTimers.Route timers;

    MessageRoute(
            Callers callers,
            Messages messages,
            JsonMapper json,
            @Value("${spring.http.codecs.max-in-memory-size:256KB}") DataSize maxBody,
            RouteTimers timers) {
        this.callers = callers;
        this.messages = messages;
        this.json = json;
        this.maxBody = maxBody.toBytes();
        this.timers = timers.route("POST", "/api/conversations/{conversationId}/messages");
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.route(this::takes, this::send);
    }

    private Mono<Void> send(HttpServerRequest request, HttpServerResponse response) {
        return timers.timed(response, answer(request, response));
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        long conversationId = conversationId(request.uri());
        return callers.find(request)
                .flatMap(me -> request.receive().aggregate().asByteArray().flatMap(bytes -> {
                    MessageController.NewMessage body = read(bytes);
                    return Blocking.call(
                            () -> messages.send(me, conversationId, body.body(), body.clientMsgId(), body.replyTo()));
                }))
                .flatMap(sent -> RouteAnswers.send(
                        response,
                        sent.created() ? HttpResponseStatus.CREATED : HttpResponseStatus.OK,
                        "application/json",
                        json.writeValueAsBytes(sent.message())))
                .onErrorResume(error -> RouteAnswers.problem(request, response, error));
    }

    /** The body as the controller's {@code @RequestBody} gets it, failing as WebFlux's decoding does. */
    private MessageController.NewMessage read(byte[] bytes) {
        MessageController.NewMessage body;
        try {
            body = json.readValue(bytes, MessageController.NewMessage.class);
        } catch (JacksonException e) {
            throw malformed(e);
        }
        if (body == null) {
            // A JSON null: WebFlux's decoder refuses it as malformed too.
            throw malformed(null);
        }
        return body;
    }

    private static ServerWebInputException malformed(JacksonException cause) {
        return new ServerWebInputException(
                "Failed to read HTTP message", null, new DecodingException("JSON decoding error", cause));
    }

    /** True for the requests this route answers as WebFlux would (see the class comment). */
    boolean takes(HttpServerRequest request) {
        if (request.method() != HttpMethod.POST || conversationId(request.uri()) < 0) {
            return false;
        }
        HttpHeaders headers = request.requestHeaders();
        if (!"application/json".equals(headers.get(HttpHeaderNames.CONTENT_TYPE))
                || headers.contains(HttpHeaderNames.TRANSFER_ENCODING)) {
            return false;
        }
        long length;
        try {
            length = Long.parseLong(headers.get(HttpHeaderNames.CONTENT_LENGTH, "0"));
        } catch (NumberFormatException e) {
            return false;
        }
        if (length <= 0 || length > maxBody || !RouteAnswers.plainJsonRequest(request)) {
            return false;
        }
        return Callers.passesCsrf(request) && request.cookies().containsKey(Callers.SESSION_COOKIE)
                || Callers.isBearer(headers.get(HttpHeaderNames.AUTHORIZATION));
    }

    /** The id in {@code /api/conversations/{id}/messages} (no query), or -1 for any other URI. */
    static long conversationId(String uri) {
        if (!uri.startsWith(PREFIX) || !uri.endsWith(SUFFIX)) {
            return -1;
        }
        int start = PREFIX.length();
        int end = uri.length() - SUFFIX.length();
        if (end <= start || end - start > MAX_ID_DIGITS) {
            return -1;
        }
        long id = 0;
        for (int i = start; i < end; i++) {
            char c = uri.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            id = id * 10 + (c - '0');
        }
        return id;
    }
}
