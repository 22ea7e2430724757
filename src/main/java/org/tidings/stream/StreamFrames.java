package org.tidings.stream;

import java.util.Map;
import org.springframework.stereotype.Component;
import org.tidings.web.ApiException;

/** The stream's own control frames: where it starts, and why it ended. */
@Component
class StreamFrames {

    private final EventJson json;
    private final StreamReader reader;

    StreamFrames(EventJson json, StreamReader reader) {
        this.json = json;
        this.reader = reader;
    }

    /** First frame of every stream: the cursor it starts after (carried as SSE id too). */
    Frame ready(long position) {
        String cursor = reader.cursor(position);
        Frame frame = json.ephemeral("stream.ready", Map.of("cursor", cursor));
        return new Frame(Frame.EPHEMERAL, cursor, frame.json());
    }

    Frame error(Throwable error) {
        return json.ephemeral("stream.error", Map.of("code", code(error), "detail", detail(error)));
    }

    static String code(Throwable error) {
        return switch (error) {
            case ApiException api -> api.code();
            case LiveStream.SlowConsumer slow -> "slow_consumer";
            default -> "internal_error";
        };
    }

    private static String detail(Throwable error) {
        return error instanceof ApiException || error instanceof LiveStream.SlowConsumer
                ? error.getMessage()
                : "The stream failed; resume from your last cursor";
    }
}
