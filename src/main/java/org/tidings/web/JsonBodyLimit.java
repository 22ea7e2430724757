package org.tidings.web;

import java.util.Map;
import org.reactivestreams.Publisher;
import org.springframework.boot.http.codec.CodecCustomizer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.codec.CodecConfigurer;
import org.springframework.http.codec.json.JacksonJsonDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.MimeType;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON body limit ({@code spring.http.codecs.max-in-memory-size}) refused as every other
 * body is refused for its size (see {@link BodyRefusal}): the rest of the body is read and
 * discarded before the {@code 413 payload_too_large} goes out, so a client still sending reads
 * the answer rather than a reset (Spring's decoder alone stops reading at the limit, and the
 * connection then closed with the rest unread). Ordered after Spring Boot's customizer, whose
 * decoder (with the application's mapper) this one replaces.
 */
@Component
@Order(Ordered.LOWEST_PRECEDENCE)
class JsonBodyLimit implements CodecCustomizer {

    private final JsonMapper json;

    JsonBodyLimit(JsonMapper json) {
        this.json = json;
    }

    @Override
    public void customize(CodecConfigurer configurer) {
        configurer.defaultCodecs().jacksonJsonDecoder(new Decoder(json));
    }

    /** Spring's JSON decoder, fed the body through {@link BodyRefusal#limit}. */
    static final class Decoder extends JacksonJsonDecoder {

        Decoder(JsonMapper json) {
            super(json);
        }

        @Override
        public Flux<Object> decode(
                Publisher<DataBuffer> input, ResolvableType type, MimeType mimeType, Map<String, Object> hints) {
            return super.decode(limited(input), type, mimeType, hints);
        }

        @Override
        public Mono<Object> decodeToMono(
                Publisher<DataBuffer> input, ResolvableType type, MimeType mimeType, Map<String, Object> hints) {
            return super.decodeToMono(limited(input), type, mimeType, hints);
        }

        private Publisher<DataBuffer> limited(Publisher<DataBuffer> input) {
            int max = getMaxInMemorySize();
            if (max < 0) {
                return input;
            }
            // The exception Spring's own limit raises: problem+json maps it to payload_too_large.
            return BodyRefusal.limit(
                    Flux.from(input), max, () -> new DataBufferLimitException("The body is over " + max + " bytes"));
        }
    }
}
