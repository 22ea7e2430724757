package org.tidings.stream;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.concurrent.FastThreadLocal;
import java.util.function.Function;

/**
 * A frame's wire bytes (WebSocket or SSE) in one pooled direct buffer per event loop, which every
 * recipient on that loop writes a duplicate of. Writing the frame's byte array to each socket had
 * the channel copy it into a new direct buffer per recipient, with four wrapper objects around
 * each copy: in a fan-out to 1,000 subscribers that copying was the largest part of what the
 * server allocated. Now a publication's frame is copied once per loop (the hub hands a loop all
 * of a publication's recipients in a row) and each socket write holds a reference to it.
 *
 * <p>Each loop keeps the last frame it encoded (one small buffer per loop); the buffer goes back
 * to the pool once that loop has moved on to another frame and the last write of it is out.
 */
final class SharedEncoding {

    private static final class Held {
        private Frame frame;
        private ByteBuf buffer;
    }

    private final Function<Frame, byte[]> wire;
    private final FastThreadLocal<Held> held = new FastThreadLocal<>() {
        @Override
        protected Held initialValue() {
            return new Held();
        }
    };

    SharedEncoding(Function<Frame, byte[]> wire) {
        this.wire = wire;
    }

    /** The frame for one socket write; the write releases it. Call on the channel's event loop. */
    ByteBuf encode(Frame frame, ByteBufAllocator alloc) {
        Held last = held.get();
        if (last.frame != frame) {
            byte[] bytes = wire.apply(frame);
            ByteBuf buffer = alloc.directBuffer(bytes.length, bytes.length).writeBytes(bytes);
            if (last.buffer != null) {
                last.buffer.release();
            }
            last.frame = frame;
            last.buffer = buffer;
        }
        return last.buffer.retainedDuplicate();
    }
}
