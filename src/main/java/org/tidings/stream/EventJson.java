package org.tidings.stream;

import java.nio.charset.StandardCharsets;
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

    static Frame persisted(String cursor, long position, String type, String payload) {
        String text = "{\"id\":\"" + cursor + "\",\"type\":\"" + type + "\",\"data\":" + payload + "}";
        return new Frame(position, text.getBytes(StandardCharsets.UTF_8));
    }

    Frame ephemeral(String type, Object data) {
        String text = "{\"type\":\"" + type + "\",\"data\":" + payload(data) + "}";
        return new Frame(Frame.EPHEMERAL, text.getBytes(StandardCharsets.UTF_8));
    }
}
