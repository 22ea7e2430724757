package org.tidings.bench;

import java.util.function.Consumer;

/**
 * How a peer's user sends: the event {@code {"to": "all" | <partner>, "body": ...}} on a channel
 * of its own (a ws socket, or a Socket.IO client emitting "msg").
 */
record PeerSender(StreamConnection channel, Consumer<String> emit, String partner) implements Sender {

    PeerSender(StreamConnection channel, Consumer<String> emit, int user) {
        this(channel, emit, Integer.toString(Target.partner(user)));
    }

    @Override
    public void sendToGroup(String body) {
        emit.accept("{\"to\":\"all\",\"body\":\"" + body + "\"}");
    }

    @Override
    public void sendToPartner(String body) {
        emit.accept("{\"to\":\"" + partner + "\",\"body\":\"" + body + "\"}");
    }

    @Override
    public long failures() {
        return channel.broken() ? 1 : 0;
    }

    @Override
    public void close() {
        channel.close();
    }
}
