package org.tidings.stream;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tidings.cluster.Bus;
import org.tidings.cluster.ClusterMode;

/**
 * Several nodes: the hub is fed only by the {@link EventTailer}, never by the writer directly,
 * so it sees every node's events in position order. A commit wakes this node's tailer at once
 * and the other nodes' through Redis; a lost wake-up costs one fallback interval, never an
 * event. Ephemeral frames go to local connections and, through Redis, to the other nodes'.
 */
@Component
@ClusterMode
class ClusterFanout implements Fanout {

    private static final String HEAD = "stream.head";
    private static final String LIVE = "stream.live";

    private final Hub hub;
    private final EventTailer tailer;
    private final Bus bus;

    ClusterFanout(Hub hub, EventTailer tailer, Bus bus) {
        this.hub = hub;
        this.tailer = tailer;
        this.bus = bus;
        bus.subscribe(HEAD, message -> tailer.wake());
        bus.subscribe(LIVE, this::receiveEphemeral);
    }

    /** The tailer works them out from the database; the writer need not. */
    @Override
    public boolean needsRecipients() {
        return false;
    }

    @Override
    public void committed(List<CommittedEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        tailer.wake();
        long head = events.getLast().frame().position();
        bus.publish(HEAD, ByteBuffer.allocate(Long.BYTES).putLong(head).array());
    }

    @Override
    public void ephemeral(Collection<Long> users, Frame frame) {
        hub.sendEphemeral(users, frame);
        byte[] json = frame.json();
        ByteBuffer message = ByteBuffer.allocate(Integer.BYTES + users.size() * Long.BYTES + json.length);
        message.putInt(users.size());
        users.forEach(message::putLong);
        bus.publish(LIVE, message.put(json).array());
    }

    private void receiveEphemeral(byte[] bytes) {
        ByteBuffer message = ByteBuffer.wrap(bytes);
        int count = message.getInt();
        List<Long> users = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            users.add(message.getLong());
        }
        byte[] json = new byte[message.remaining()];
        message.get(json);
        hub.sendEphemeral(users, Frame.ephemeral(json));
    }
}
