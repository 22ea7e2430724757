package org.tidings.upload;

import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.ChannelOption;
import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import reactor.netty.http.server.HttpRequestDecoderSpec;

/**
 * Request bodies reach handlers in pieces of up to 256 KiB (a socket read's worth) rather than
 * Reactor Netty's default 8 KiB, and a socket read takes up to 256 KiB rather than Netty's 64 KiB.
 * An upload's PATCH writes each piece to its file from a virtual thread; at 8 KiB a 100 MiB upload
 * was 12,800 pieces, each a hand-off and a write call, and at 64 KiB the event loop still spent
 * more on the read loop, the pipeline and the hand-off per piece than on the bytes. The pieces are
 * slices of the buffer Netty read into, so a larger limit copies nothing; the JSON body limit
 * (spring.http.codecs.max-in-memory-size) is unaffected. Reads grow to the larger size only while
 * they keep filling their buffer (Netty's adaptive allocator), so a quiet connection (a WebSocket,
 * a long poll) still reads into small buffers.
 */
@Configuration(proxyBeanMethods = false)
class BodyChunks {

    static final int MAX_CHUNK = 256 * 1024;

    // Netty's adaptive read sizes: its own minimum and first guess, a larger ceiling.
    private static final int MIN_READ = 64;
    private static final int FIRST_READ = 2048;

    /**
     * Added to the factory after Spring Boot's own customizer, which sets a new decoder spec
     * (from its server.netty properties) and so would undo an earlier setting; the rest of that
     * spec is kept here.
     */
    @Bean
    WebServerFactoryCustomizer<NettyReactiveWebServerFactory> requestBodyChunks() {
        return new Last();
    }

    private static final class Last implements WebServerFactoryCustomizer<NettyReactiveWebServerFactory>, Ordered {

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }

        @Override
        public void customize(NettyReactiveWebServerFactory factory) {
            factory.addServerCustomizers(server -> {
                HttpRequestDecoderSpec current = server.configuration().decoder();
                return server.childOption(
                                ChannelOption.RCVBUF_ALLOCATOR,
                                new AdaptiveRecvByteBufAllocator(MIN_READ, FIRST_READ, MAX_CHUNK))
                        .httpRequestDecoder(spec -> spec.maxInitialLineLength(current.maxInitialLineLength())
                                .maxHeaderSize(current.maxHeaderSize())
                                .validateHeaders(current.validateHeaders())
                                .initialBufferSize(current.initialBufferSize())
                                .allowDuplicateContentLengths(current.allowDuplicateContentLengths())
                                .h2cMaxContentLength(current.h2cMaxContentLength())
                                .allowPartialChunks(current.allowPartialChunks())
                                .maxChunkSize(Math.max(current.maxChunkSize(), MAX_CHUNK)));
            });
        }
    }
}
