package org.tidings.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop HTTP/1.1 load: {@code connections} keep-alive connections on one NIO selector,
 * each sending its next request as soon as the previous answer is complete (as ab -k or wrk do).
 * The JDK client costs several times more per request than a small endpoint does on the server,
 * so on one load core it, not the server, would set the ceiling; this loop costs a few µs.
 */
final class HttpLoad {

    /** What a run measured: answers in the window, the failures among them, their latency (µs). */
    record Outcome(long answers, long failures, Histogram latency, Duration window, String firstFailure) {

        double perSecond() {
            return answers / (window.toNanos() / 1e9);
        }
    }

    private HttpLoad() {}

    /**
     * Runs {@code warmUp} unmeasured, then {@code length} measured. {@code requests.get(i)} is
     * the raw request connection {@code i} sends again and again.
     */
    static Outcome run(int port, List<byte[]> requests, Duration warmUp, Duration length) throws IOException {
        Histogram latency = new Histogram(60_000_000L, 3);
        List<Connection> connections = new ArrayList<>();
        try (Selector selector = Selector.open()) {
            for (byte[] request : requests) {
                SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
                channel.socket().setTcpNoDelay(true);
                channel.configureBlocking(false);
                Connection connection = new Connection(channel, request);
                channel.register(selector, SelectionKey.OP_READ, connection);
                connections.add(connection);
            }
            long start = System.nanoTime();
            long measureFrom = start + warmUp.toNanos();
            long end = measureFrom + length.toNanos();
            long[] counts = new long[2];
            String[] firstFailure = new String[1];
            for (Connection connection : connections) {
                connection.send();
            }
            while (true) {
                long now = System.nanoTime();
                if (now >= end) {
                    break;
                }
                selector.select(Math.max(1, (end - now) / 1_000_000));
                for (SelectionKey key : selector.selectedKeys()) {
                    Connection connection = (Connection) key.attachment();
                    int status = connection.read();
                    if (status == 0) {
                        continue;
                    }
                    long done = System.nanoTime();
                    if (connection.sentAt >= measureFrom && done < end) {
                        counts[0]++;
                        if (status < 200 || status >= 300) {
                            counts[1]++;
                            if (firstFailure[0] == null) {
                                firstFailure[0] = "HTTP " + status;
                            }
                        }
                        latency.recordValue(Math.min((done - connection.sentAt) / 1000, 60_000_000L));
                    }
                    connection.send();
                }
                selector.selectedKeys().clear();
            }
            return new Outcome(counts[0], counts[1], latency, length, firstFailure[0]);
        } finally {
            for (Connection connection : connections) {
                connection.channel.close();
            }
        }
    }

    /** A raw GET with the given extra header lines (each without its CRLF). */
    static byte[] get(int port, String path, String... headers) {
        StringBuilder request = new StringBuilder("GET ")
                .append(path)
                .append(" HTTP/1.1\r\nHost: 127.0.0.1:")
                .append(port)
                .append("\r\nAccept: application/json\r\n");
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** One keep-alive connection: its request, and the answer being read. */
    private static final class Connection {

        private final SocketChannel channel;
        private final ByteBuffer request;
        private ByteBuffer in = ByteBuffer.allocate(64 * 1024);
        private long sentAt;

        Connection(SocketChannel channel, byte[] request) {
            this.channel = channel;
            this.request = ByteBuffer.wrap(request);
        }

        void send() throws IOException {
            request.rewind();
            sentAt = System.nanoTime();
            while (request.hasRemaining()) {
                // Requests are a few hundred bytes: the socket buffer always takes them at once.
                if (channel.write(request) == 0) {
                    Thread.onSpinWait();
                }
            }
        }

        /** Reads what is there; the answer's status once it is complete, else 0. */
        int read() throws IOException {
            if (!in.hasRemaining()) {
                in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
            }
            if (channel.read(in) < 0) {
                throw new IOException("the server closed a keep-alive connection");
            }
            int length = complete(in.array(), in.position());
            if (length < 0) {
                return 0;
            }
            int status = Integer.parseInt(new String(in.array(), 9, 3, StandardCharsets.US_ASCII));
            // Keep-alive answers do not overlap (one request in flight), so the rest is empty.
            in.clear();
            return status;
        }

        /** The length of the complete answer at the start of {@code bytes}, or -1 if not yet. */
        private static int complete(byte[] bytes, int size) {
            int headerEnd = indexOf(bytes, 0, size, "\r\n\r\n");
            if (headerEnd < 0) {
                return -1;
            }
            String head = new String(bytes, 0, headerEnd, StandardCharsets.US_ASCII).toLowerCase();
            int bodyStart = headerEnd + 4;
            int lengthAt = head.indexOf("\r\ncontent-length:");
            if (lengthAt >= 0) {
                int valueEnd = head.indexOf("\r\n", lengthAt + 2);
                String value = head.substring(lengthAt + 17, valueEnd < 0 ? head.length() : valueEnd);
                int total = bodyStart + Integer.parseInt(value.trim());
                return size >= total ? total : -1;
            }
            if (head.contains("\r\ntransfer-encoding: chunked")) {
                return chunked(bytes, bodyStart, size);
            }
            return bodyStart; // no body (204, 304)
        }

        private static int chunked(byte[] bytes, int at, int size) {
            while (true) {
                int lineEnd = indexOf(bytes, at, size, "\r\n");
                if (lineEnd < 0) {
                    return -1;
                }
                String hex = new String(bytes, at, lineEnd - at, StandardCharsets.US_ASCII);
                int semicolon = hex.indexOf(';');
                int chunk = Integer.parseInt((semicolon < 0 ? hex : hex.substring(0, semicolon)).trim(), 16);
                at = lineEnd + 2 + chunk + 2;
                if (chunk == 0) {
                    return size >= at ? at : -1;
                }
                if (at > size) {
                    return -1;
                }
            }
        }

        private static int indexOf(byte[] bytes, int from, int size, String needle) {
            outer:
            for (int i = from; i <= size - needle.length(); i++) {
                for (int j = 0; j < needle.length(); j++) {
                    if (bytes[i + j] != needle.charAt(j)) {
                        continue outer;
                    }
                }
                return i;
            }
            return -1;
        }
    }
}
