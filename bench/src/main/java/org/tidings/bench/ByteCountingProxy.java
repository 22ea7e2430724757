package org.tidings.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback TCP proxy that counts the bytes each way: client to server ("up") and server to
 * client ("down"). Counts what TCP carries, so HTTP headers, WebSocket framing, pings and
 * handshakes are all in it; TCP/IP headers are not.
 */
final class ByteCountingProxy implements AutoCloseable {

    private final ServerSocket listener;
    private final int targetPort;
    private final AtomicLong up = new AtomicLong();
    private final AtomicLong down = new AtomicLong();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    private ByteCountingProxy(ServerSocket listener, int targetPort) {
        this.listener = listener;
        this.targetPort = targetPort;
    }

    static ByteCountingProxy start(int targetPort) throws IOException {
        ByteCountingProxy proxy =
                new ByteCountingProxy(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()), targetPort);
        Thread.ofVirtual().name("proxy-accept").start(proxy::accept);
        return proxy;
    }

    int port() {
        return listener.getLocalPort();
    }

    long up() {
        return up.get();
    }

    long down() {
        return down.get();
    }

    private void accept() {
        try {
            while (true) {
                Socket client = listener.accept();
                Socket server = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                client.setTcpNoDelay(true);
                server.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(server);
                Thread.ofVirtual().start(() -> pump(client, server, up));
                Thread.ofVirtual().start(() -> pump(server, client, down));
            }
        } catch (IOException closed) {
            // The proxy was closed.
        }
    }

    private static void pump(Socket from, Socket to, AtomicLong counter) {
        byte[] buffer = new byte[16384];
        try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                counter.addAndGet(n);
                out.write(buffer, 0, n);
            }
        } catch (IOException ended) {
            // One side closed; closing both ends the other pump too.
        } finally {
            closeQuietly(from);
            closeQuietly(to);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }

    @Override
    public void close() {
        closeQuietly(listener);
        sockets.forEach(ByteCountingProxy::closeQuietly);
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Already closed.
        }
    }
}
