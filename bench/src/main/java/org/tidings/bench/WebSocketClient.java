package org.tidings.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A WebSocket client (RFC 6455, text frames, no extensions) on one NIO selector thread for every
 * connection, handing each complete text message to a handler. Shared by the Tidings, bare ws and
 * Socket.IO clients; they differ only in what the text means.
 *
 * <p>Why not java.net.http.WebSocket: fan-out needs the single load core to take in far more
 * messages per second than the server under test sends, and the JDK client hands every message
 * through its own scheduler (demand, then a task per delivery). This client reads each socket
 * straight into a buffer on one thread and parses frames in place, so the load core is spent on
 * the servers' messages. It answers pings with pongs, as the JDK client does.
 */
final class WebSocketClient implements StreamConnection {

    private static final Loop LOOP = new Loop();

    private final SocketChannel channel;
    private final Consumer<String> onText;
    private ByteBuffer in = ByteBuffer.allocate(16 * 1024);
    private StringBuilder fragments;
    private volatile boolean broken;

    private WebSocketClient(SocketChannel channel, Consumer<String> onText) {
        this.channel = channel;
        this.onText = onText;
    }

    /** Connects and completes the handshake (blocking the caller), then reads on the shared loop. */
    static WebSocketClient open(HttpClient unused, URI uri, Map<String, String> headers, Consumer<String> onText)
            throws Exception {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress(uri.getHost(), uri.getPort()));
        channel.socket().setTcpNoDelay(true);
        byte[] nonce = new byte[16];
        ThreadLocalRandom.current().nextBytes(nonce);
        StringBuilder request = new StringBuilder()
                .append("GET ").append(uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n")
                .append("Host: ").append(uri.getHost()).append(':').append(uri.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("\r\n");
        writeFully(channel, ByteBuffer.wrap(request.toString().getBytes(StandardCharsets.ISO_8859_1)));
        WebSocketClient client = new WebSocketClient(channel, onText);
        client.readHandshake(uri);
        channel.configureBlocking(false);
        LOOP.register(client);
        return client;
    }

    private void readHandshake(URI uri) throws IOException {
        while (true) {
            if (channel.read(in) < 0) {
                throw new IOException("closed during the handshake with " + uri);
            }
            String head = new String(in.array(), 0, in.position(), StandardCharsets.ISO_8859_1);
            int end = head.indexOf("\r\n\r\n");
            if (end >= 0) {
                if (!head.startsWith("HTTP/1.1 101")) {
                    throw new IOException("WebSocket handshake with " + uri + " answered: " + head.lines().findFirst().orElse(""));
                }
                // Frames that came with the handshake stay in the buffer for the loop.
                in.flip().position(end + 4);
                in.compact();
                return;
            }
            if (!in.hasRemaining()) {
                throw new IOException("handshake response too large");
            }
        }
    }

    /** Sends one text frame, masked as a client must. Callers on other threads are serialised. */
    void send(String text) {
        sendFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    private synchronized void sendFrame(int opcode, byte[] payload) {
        int length = payload.length;
        ByteBuffer frame = ByteBuffer.allocate(14 + length);
        frame.put((byte) (0x80 | opcode));
        if (length < 126) {
            frame.put((byte) (0x80 | length));
        } else if (length < 65536) {
            frame.put((byte) (0x80 | 126)).putShort((short) length);
        } else {
            frame.put((byte) (0x80 | 127)).putLong(length);
        }
        byte[] mask = new byte[4];
        ThreadLocalRandom.current().nextBytes(mask);
        frame.put(mask);
        for (int i = 0; i < length; i++) {
            frame.put((byte) (payload[i] ^ mask[i & 3]));
        }
        frame.flip();
        try {
            writeFully(channel, frame);
        } catch (IOException e) {
            broken = true;
        }
    }

    private static void writeFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                // The socket's send buffer is full (non-blocking mode): it drains in microseconds.
                Thread.onSpinWait();
            }
        }
    }

    /** Reads what is there and hands out every complete frame; runs on the loop thread. */
    private void onReadable() {
        try {
            if (channel.read(in) < 0) {
                fail();
                return;
            }
            in.flip();
            while (frame()) {
                // Each call consumed one frame.
            }
            in.compact();
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
        } catch (IOException e) {
            fail();
        }
    }

    /** Parses one frame at the buffer's position, or returns false (position unchanged) if incomplete. */
    private boolean frame() {
        int start = in.position();
        if (in.remaining() < 2) {
            return false;
        }
        int b0 = in.get() & 0xff;
        int b1 = in.get() & 0xff;
        long length = b1 & 0x7f;
        if (length == 126) {
            if (in.remaining() < 2) {
                in.position(start);
                return false;
            }
            length = in.getShort() & 0xffff;
        } else if (length == 127) {
            if (in.remaining() < 8) {
                in.position(start);
                return false;
            }
            length = in.getLong();
        }
        if (in.remaining() < length) {
            in.position(start);
            return false;
        }
        int opcode = b0 & 0x0f;
        boolean fin = (b0 & 0x80) != 0;
        byte[] payload = new byte[(int) length];
        in.get(payload);
        switch (opcode) {
            case 0x0, 0x1 -> text(opcode, fin, payload);
            case 0x8 -> fail();
            case 0x9 -> sendFrame(0xA, payload);
            default -> {
                // Pong or binary: nothing to do.
            }
        }
        return true;
    }

    private void text(int opcode, boolean fin, byte[] payload) {
        String part = new String(payload, StandardCharsets.UTF_8);
        if (opcode == 0x1 && fin) {
            onText.accept(part);
        } else if (fin) {
            onText.accept(fragments.append(part).toString());
            fragments = null;
        } else {
            (fragments == null ? fragments = new StringBuilder() : fragments).append(part);
        }
    }

    private void fail() {
        broken = true;
        close();
    }

    @Override
    public long requests() {
        return 1;
    }

    @Override
    public boolean broken() {
        return broken;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Closing anyway.
        }
    }

    /** The one selector thread every connection is read on. */
    private static final class Loop {
        private final Selector selector;
        private final ConcurrentLinkedQueue<WebSocketClient> pending = new ConcurrentLinkedQueue<>();

        Loop() {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofPlatform().daemon(true).name("websocket-loop").start(this::run);
        }

        void register(WebSocketClient client) throws Exception {
            CompletableFuture<Void> registered = new CompletableFuture<>();
            // Before it is queued: the loop may take it from the queue at once.
            client.registered = registered;
            pending.add(client);
            selector.wakeup();
            registered.get(30, TimeUnit.SECONDS);
        }

        private void run() {
            while (true) {
                try {
                    selector.select();
                    WebSocketClient added;
                    while ((added = pending.poll()) != null) {
                        added.channel.register(selector, SelectionKey.OP_READ, added);
                        added.registered.complete(null);
                        // Frames that arrived with the handshake are handed out now.
                        if (added.in.position() > 0) {
                            added.in.flip();
                            while (added.frame()) {
                                // One frame each.
                            }
                            added.in.compact();
                        }
                    }
                    for (SelectionKey key : selector.selectedKeys()) {
                        if (key.isValid() && key.isReadable()) {
                            ((WebSocketClient) key.attachment()).onReadable();
                        }
                    }
                    selector.selectedKeys().clear();
                } catch (IOException | RuntimeException e) {
                    System.out.println("websocket loop: " + e);
                }
            }
        }
    }

    private volatile CompletableFuture<Void> registered;
}
