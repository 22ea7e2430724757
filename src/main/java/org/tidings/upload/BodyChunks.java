package org.tidings.upload;

import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import reactor.netty.http.server.HttpRequestDecoderSpec;

/**
 * Request bodies reach handlers in pieces of up to 64 KiB (a socket read's worth) rather than
 * Reactor Netty's default 8 KiB. An upload's PATCH writes each piece to its file from a virtual
 * thread; at 8 KiB a 100 MiB upload was 12,800 pieces, each a hand-off and a write call. The
 * pieces are slices of the buffer Netty read into, so a larger limit copies nothing; the JSON
 * body limit (spring.http.codecs.max-in-memory-size) is unaffected.
 */
@Configuration(proxyBeanMethods = false)
class BodyChunks {

    static final int MAX_CHUNK = 64 * 1024;

    @Bean
    NettyServerCustomizer requestBodyChunks() {
        return server -> {
            // Keep whatever else the decoder was given (Spring Boot's server.netty properties).
            HttpRequestDecoderSpec current = server.configuration().decoder();
            return server.httpRequestDecoder(spec -> spec.maxInitialLineLength(current.maxInitialLineLength())
                    .maxHeaderSize(current.maxHeaderSize())
                    .validateHeaders(current.validateHeaders())
                    .initialBufferSize(current.initialBufferSize())
                    .allowDuplicateContentLengths(current.allowDuplicateContentLengths())
                    .h2cMaxContentLength(current.h2cMaxContentLength())
                    .allowPartialChunks(current.allowPartialChunks())
                    .maxChunkSize(Math.max(current.maxChunkSize(), MAX_CHUNK)));
        };
    }
}
