package org.tidings.stream;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import org.tidings.web.ApiException;

/**
 * One open WebSocket or SSE stream, and all it holds: the user's hub registration, the position
 * up to which the client has its events, a queue that exists only while frames must wait, and the
 * channel. Frames arrive already serialised (one byte array per event, shared by every recipient)
 * and are written straight to the channel on its event loop: the hub hands a publication's frames
 * to each loop as one task, the stream writes each, and a task queued behind it flushes once.
 *
 * <p>Frames wait in the queue while the stream catches up from the database (live frames may
 * arrive meanwhile) and while the socket is not writable (the client reads slower than events
 * come). The queue is bounded: a stream that falls {@code connection-buffer} frames behind ends
 * with {@code slow_consumer} and the client resumes by cursor, so one slow socket never holds up
 * the others or grows memory without bound.
 *
 * <p>Everything but {@link #offer} (which the hub may call from another thread while a loop shuts
 * down) and {@link #start} runs on the channel's event loop, so the state needs no lock. The
 * stream is a handler in its channel's pipeline only to hear when the socket becomes writable
 * again and when the connection goes away.
 */
abstract class LiveStream extends ChannelInboundHandlerAdapter implements Hub.Listener, Heartbeat.Beating {

    /** What every stream shares. */
    record Shared(EventFeed feed, Heartbeat heartbeat, StreamFrames frames, int capacity, StreamMeters meters) {}

    /** The handler's name in the pipeline. */
    static final String NAME = "tidings.stream";

    final Shared shared;
    final Channel channel;
    private final long userId;
    private Hub.Registration registration;
    // Live frames at or below it came from the database (or the client had them already).
    private long seen;
    // Catch-up: the next page starts after this position and ends at upTo; -1 once live. Until
    // then live frames wait in the queue.
    private long catchUpAfter;
    private long upTo;
    private boolean reading;
    private ArrayDeque<Frame> queue;
    private boolean dirty;
    // A flush task is waiting on the loop (flushSoon).
    private boolean flushQueued;
    private boolean ended;
    // A last frame (deactivation) was written: nothing may follow it but the error frame.
    private boolean closing;
    private boolean released;
    // Frames written since the last flush, counted into the meter once per flush.
    private int written;
    // Counted as open (start ran); a connection refused before it never was.
    private volatile boolean counted;

    LiveStream(Shared shared, Channel channel, long userId) {
        this.shared = shared;
        this.channel = channel;
        this.userId = userId;
    }

    /** "websocket" or "sse", for the meters. */
    abstract String transport();

    /** The frame as this transport sends it. */
    abstract ByteBuf encode(Frame frame);

    /** The keep-alive this transport sends when idle. */
    abstract ByteBuf keepAlive();

    /** Ends the transport's way after the last ({@code stream.error}) frame was written. */
    abstract void end(Throwable error);

    /**
     * Goes live after {@code after}: registers with the hub, sends {@code stream.ready}, reads the
     * database up to the hub's position at registration, then forwards live frames. Any thread.
     */
    void start(long after) {
        counted = true;
        shared.meters().opened(transport());
        shared.heartbeat().add(this);
        Hub.Registration opened;
        try {
            opened = shared.feed().open(userId, this);
        } catch (RuntimeException e) {
            onLoop(() -> fail(e));
            return;
        }
        onLoop(() -> opened(opened, after));
    }

    private void opened(Hub.Registration opened, long after) {
        registration = opened;
        if (released) {
            // The connection went away before the registration got here.
            shared.feed().close(opened);
            return;
        }
        seen = Math.max(opened.startPosition(), after);
        catchUpAfter = after;
        upTo = opened.startPosition();
        write(shared.frames().ready(after));
        flush();
        catchUp();
    }

    /** Reads the next page, unless one is on its way or the socket must drain first. */
    private void catchUp() {
        if (ended || reading || catchUpAfter < 0 || !channel.isWritable()) {
            return;
        }
        if (catchUpAfter >= upTo) {
            goLive();
            return;
        }
        reading = true;
        shared.feed()
                .page(userId, catchUpAfter, upTo)
                .subscribe(page -> onLoop(() -> caughtUp(page)), error -> onLoop(() -> fail(error)));
    }

    private void caughtUp(List<Frame> page) {
        reading = false;
        if (ended) {
            return;
        }
        for (Frame frame : page) {
            write(frame);
        }
        flush();
        catchUpAfter =
                page.size() < shared.feed().pageSize() ? upTo : page.getLast().position();
        catchUp();
    }

    private void goLive() {
        catchUpAfter = -1;
        drain();
    }

    private void drain() {
        ArrayDeque<Frame> waiting = queue;
        while (waiting != null && !waiting.isEmpty() && channel.isWritable()) {
            Frame frame = waiting.poll();
            if (isNew(frame) && !closing) {
                write(frame);
            }
        }
        if (waiting != null && waiting.isEmpty()) {
            queue = null;
        }
        flush();
    }

    private boolean isNew(Frame frame) {
        return !frame.persisted() || frame.position() > seen;
    }

    private boolean mustWait() {
        return catchUpAfter >= 0 || queue != null || !channel.isWritable();
    }

    @Override
    public boolean offer(Frame frame) {
        if (!channel.eventLoop().inEventLoop()) {
            onLoop(() -> {
                if (!offer(frame)) {
                    overflow();
                }
            });
            return true;
        }
        if (ended || closing) {
            return true;
        }
        if (mustWait()) {
            if (queue == null) {
                queue = new ArrayDeque<>(8);
            } else if (queue.size() >= shared.capacity()) {
                return false;
            }
            queue.add(frame);
        } else if (isNew(frame)) {
            write(frame);
        }
        return true;
    }

    /** A frame that is not an event (a command's reply): in order with the rest, never refused. */
    void reply(Frame frame) {
        onLoop(() -> {
            if (ended) {
                return;
            }
            if (mustWait()) {
                if (queue == null) {
                    queue = new ArrayDeque<>(8);
                }
                queue.add(frame);
            } else {
                write(frame);
                flushSoon();
            }
        });
    }

    /**
     * Flushes in a later task on the loop rather than now: a reply is usually the ack of a send
     * whose event the hub is delivering to this same connection in a task queued beside it, and
     * the hub flushes late too (Hub#dispatch), so the two leave in one socket write instead of two.
     */
    private void flushSoon() {
        if (flushQueued) {
            return;
        }
        flushQueued = true;
        onLoopLater(() -> {
            flushQueued = false;
            flush();
        });
    }

    @Override
    public void overflow() {
        onLoop(() -> fail(new SlowConsumer()));
    }

    @Override
    public EventExecutor loop() {
        return channel.eventLoop();
    }

    @Override
    public void flush() {
        if (dirty) {
            dirty = false;
            channel.flush();
            shared.meters().delivered(transport(), written);
            written = 0;
        }
    }

    @Override
    public void beat() {
        if (!ended && channel.isWritable()) {
            channel.writeAndFlush(keepAlive(), channel.voidPromise());
        }
    }

    /** Writes an encoded frame (unflushed); a transport may write it past handlers it needs not. */
    void send(ByteBuf encoded) {
        channel.write(encoded, channel.voidPromise());
    }

    private void write(Frame frame) {
        send(encode(frame));
        dirty = true;
        written++;
        if (frame.last()) {
            closing = true;
            // After this task (which flushes the frame out): the error frame, then the close.
            channel.eventLoop().execute(() -> fail(deactivated()));
        }
    }

    private static ApiException deactivated() {
        return ApiException.forbidden("account_deactivated", "This account was deactivated by an administrator");
    }

    /** Writes the {@code stream.error} frame and ends the stream; on the loop. */
    void fail(Throwable error) {
        if (ended) {
            return;
        }
        ended = true;
        queue = null;
        release();
        if (error instanceof SlowConsumer) {
            shared.meters().slowConsumer(transport());
        }
        if (channel.isActive()) {
            send(encode(shared.frames().error(error)));
            channel.flush();
            end(error);
        }
    }

    /** Leaves the hub and the heartbeat; once, whichever way the stream ends. */
    private void release() {
        if (released) {
            return;
        }
        released = true;
        ended = true;
        queue = null;
        if (counted) {
            shared.meters().closed(transport());
        }
        shared.heartbeat().remove(this);
        if (registration != null) {
            shared.feed().close(registration);
        }
    }

    void onLoop(Runnable work) {
        EventExecutor loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            work.run();
            return;
        }
        onLoopLater(work);
    }

    /** Queues {@code work} on the loop, even when called there (it runs after the tasks queued now). */
    private void onLoopLater(Runnable work) {
        try {
            channel.eventLoop().execute(work);
        } catch (RejectedExecutionException e) {
            // The server is shutting down with its loops; the connection ends with them.
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // Before the registration arrives (opened) there is nothing to catch up or drain yet.
        if (channel.isWritable() && !ended && registration != null) {
            if (catchUpAfter >= 0) {
                catchUp();
            } else {
                drain();
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        release();
    }

    /** The client read too slowly; it should reconnect with its last cursor. */
    static final class SlowConsumer extends RuntimeException {
        SlowConsumer() {
            super("Connection fell too far behind; resume from your last cursor", null, false, false);
        }
    }
}
