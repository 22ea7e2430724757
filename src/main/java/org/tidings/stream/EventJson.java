package org.tidings.stream;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Serialises event payloads with the application's JSON settings, once per event. */
@Component
class EventJson {

    private final JsonMapper json;

    EventJson(JsonMapper json) {
        this.json = json;
    }

    String payload(Object data) {
        return json.writeValueAsString(data);
    }

    /** The event that locks an account out: a live stream delivers it, then closes. */
    static final String ACCOUNT_DEACTIVATED = "account.deactivated";

    static Frame persisted(String cursor, long position, String type, String payload) {
        String text = "{\"id\":\"" + cursor + "\",\"type\":\"" + type + "\",\"data\":" + payload + "}";
        return new Frame(position, cursor, text.getBytes(StandardCharsets.UTF_8), ACCOUNT_DEACTIVATED.equals(type));
    }

    /** A reply to a client command: {@code {"type": ..., ...fields}}, flat like the request. */
    Frame reply(String type, Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", type);
        body.putAll(fields);
        return Frame.ephemeral(json.writeValueAsBytes(body));
    }

    Frame ephemeral(String type, Object data) {
        String text = "{\"type\":\"" + type + "\",\"data\":" + payload(data) + "}";
        return Frame.ephemeral(text.getBytes(StandardCharsets.UTF_8));
    }
}
